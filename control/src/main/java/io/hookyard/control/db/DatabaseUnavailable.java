package io.hookyard.control.db;

import io.hookyard.http.error.ApiException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import reactor.core.publisher.Mono;

/**
 * A management call that finds PostgreSQL unreachable answers 503 with {@code Retry-After}, as the
 * contract asks of a store that cannot take a change, rather than a 500 that reads like a bug. The
 * data plane does not depend on PostgreSQL, so webhooks keep flowing meanwhile.
 */
@RestControllerAdvice
class DatabaseUnavailable {

  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    CannotCreateTransactionException.class
  })
  Mono<Void> unavailable(RuntimeException e) {
    return Mono.error(
        ApiException.unavailable("the configuration database is unavailable; retry shortly"));
  }
}
