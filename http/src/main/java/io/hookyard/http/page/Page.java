package io.hookyard.http.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** One page of a list, as the contract answers it. */
public record Page<T>(List<T> data, String nextCursor, String previousCursor) {

  /**
   * Builds the page from up to {@code limit + 1} rows fetched in walking order (newest first, or
   * oldest first when walking backwards); the extra row only tells that more exist.
   */
  public static <T> Page<T> of(List<T> rows, PageRequest request, Function<T, String> id) {
    boolean more = rows.size() > request.limit();
    List<T> data = new ArrayList<>(more ? rows.subList(0, request.limit()) : rows);
    if (request.backwards()) {
      Collections.reverse(data);
    }
    if (data.isEmpty()) {
      return new Page<>(data, null, null);
    }
    boolean olderExist = request.backwards() || more;
    boolean newerExist = request.backwards() ? more : request.afterId() != null;
    String next = olderExist ? PageRequest.after(id.apply(data.get(data.size() - 1))) : null;
    String previous = newerExist ? PageRequest.before(id.apply(data.get(0))) : null;
    return new Page<>(List.copyOf(data), next, previous);
  }
}
