package io.hookyard.http.page;

import io.hookyard.http.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code ?limit=} (default 50, at most 500) and {@code ?cursor=} of a list route. Lists run newest
 * first by id (ids sort by creation time). A cursor is opaque to clients: it says which side of
 * which id the page lies on.
 *
 * @param afterId when set, the page holds ids older than this one (the next page)
 * @param beforeId when set, the page holds ids newer than this one (the previous page)
 */
public record PageRequest(int limit, String afterId, String beforeId) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public static PageRequest of(String limit, String cursor) {
    int size = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        size = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid_limit", "limit must be a whole number");
      }
      if (size < 1 || size > MAX_LIMIT) {
        throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
      }
    }
    if (cursor == null || cursor.isBlank()) {
      return new PageRequest(size, null, null);
    }
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_cursor", "the cursor is not one this API gave out");
    }
    if (decoded.startsWith("a:")) {
      return new PageRequest(size, decoded.substring(2), null);
    }
    if (decoded.startsWith("b:")) {
      return new PageRequest(size, null, decoded.substring(2));
    }
    throw ApiException.badRequest("invalid_cursor", "the cursor is not one this API gave out");
  }

  /** The id the cursor points at, or null on the first page. */
  public String cursorId() {
    return afterId != null ? afterId : beforeId;
  }

  /**
   * The tail of a keyset query over text ids, newest first: the cursor condition, the order and the
   * limit. Bind {@code :cursor} to {@link #cursorId()} when it is set and {@code :n} to {@link
   * #fetchSize()}.
   */
  public String keysetSql() {
    if (afterId != null) {
      return " and id < :cursor order by id desc limit :n";
    }
    if (beforeId != null) {
      return " and id > :cursor order by id asc limit :n";
    }
    return " order by id desc limit :n";
  }

  /** Rows to fetch: one more than the page holds, which tells whether more exist. */
  public int fetchSize() {
    return limit + 1;
  }

  /** Whether this page walks backwards (towards newer ids). */
  public boolean backwards() {
    return beforeId != null;
  }

  static String after(String id) {
    return encode("a:" + id);
  }

  static String before(String id) {
    return encode("b:" + id);
  }

  private static String encode(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }
}
