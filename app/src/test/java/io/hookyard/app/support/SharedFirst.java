package io.hookyard.app.support;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the test classes that use {@link SharedHookyard} before the others (each group in name
 * order), so the shared app starts once and is closed when the first class with an app of its own
 * starts, instead of idling beside it or starting again.
 */
public final class SharedFirst implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(
            Comparator.comparing(
                    (ClassDescriptor c) -> !c.isAnnotated(SharedHookyard.Sharing.class))
                .thenComparing(c -> c.getTestClass().getName()));
  }
}
