package io.hookyard.schemas.loop;

import java.util.List;

/** Runs long-lived {@link Loop}s; the application reports each of them in its health. */
public interface Supervised {

  List<Loop> loops();
}
