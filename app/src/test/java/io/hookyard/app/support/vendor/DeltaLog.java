package io.hookyard.app.support.vendor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * The change log behind the loopback fakes of vendors with delta links (Graph, Dataverse): every
 * write takes the next sequence number; a delta token stands for a sequence number, so a later
 * delta call returns only what changed after it (the last state of each record, deletions
 * included). A listing or a delta is a window {@code (from, at]} fixed when its first page was
 * asked for, paged by record id, so records that change while it is paged are not skipped — they
 * show in the next delta instead. {@link #expireAll()} makes every token issued so far unknown.
 */
public final class DeltaLog {
  /** The last write of a record: its state, or null once deleted. */
  public record Entry(long seq, String id, ObjectNode record) {}

  /** A decoded token: a window over the log, the last id already sent, and its generation. */
  public record Token(String collection, long from, long at, String after, int generation) {
    public boolean listing() {
      return from < 0;
    }
  }

  private final Map<String, Map<String, Entry>> collections = new ConcurrentHashMap<>();
  private long seq;
  private volatile int generation;

  public synchronized long put(String collection, String id, ObjectNode record) {
    long next = ++seq;
    collections
        .computeIfAbsent(collection, c -> new ConcurrentHashMap<>())
        .put(id, new Entry(next, id, record));
    return next;
  }

  public synchronized void delete(String collection, String id) {
    put(collection, id, null);
  }

  public synchronized ObjectNode get(String collection, String id) {
    Entry entry = collections.getOrDefault(collection, Map.of()).get(id);
    return entry == null || entry.record() == null ? null : entry.record().deepCopy();
  }

  public synchronized long now() {
    return seq;
  }

  /** Forgets every token issued so far, as a vendor does past a token's lifetime. */
  public void expireAll() {
    generation++;
  }

  public boolean expired(Token token) {
    return token.generation() != generation;
  }

  /** A window starting now: a listing ({@code from} -1) or the changes after {@code from}. */
  public synchronized Token start(String collection, long from) {
    return new Token(collection, from, seq, null, generation);
  }

  /** The next page of a window, and the token of the page after it (null when it was the last). */
  public synchronized Page page(Token token, int size) {
    List<Entry> all =
        collections.getOrDefault(token.collection(), Map.of()).values().stream()
            .filter(e -> e.seq() <= token.at())
            .filter(e -> token.listing() ? e.record() != null : e.seq() > token.from())
            .filter(e -> token.after() == null || e.id().compareTo(token.after()) > 0)
            .sorted(Comparator.comparing(Entry::id))
            .toList();
    List<Entry> page = new ArrayList<>(all.subList(0, Math.min(size, all.size())));
    Token next =
        all.size() > size
            ? new Token(
                token.collection(),
                token.from(),
                token.at(),
                page.get(page.size() - 1).id(),
                token.generation())
            : null;
    return new Page(page, next);
  }

  public record Page(List<Entry> entries, Token next) {}

  public static String encode(Token token) {
    String text =
        token.generation()
            + "|"
            + token.from()
            + "|"
            + token.at()
            + "|"
            + (token.after() == null ? "" : token.after())
            + "|"
            + token.collection();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The token, or null when it is not one this log made. */
  public static Token decode(String text) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 5);
      return new Token(
          parts[4],
          Long.parseLong(parts[1]),
          Long.parseLong(parts[2]),
          parts[3].isEmpty() ? null : parts[3],
          Integer.parseInt(parts[0]));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
