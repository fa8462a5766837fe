package io.hookyard.control.encryption;

import io.hookyard.schemas.crypto.SecretBox;
import reactor.core.publisher.Flux;

/**
 * One kind of stored entity that holds sealed secrets. Each feature that seals something
 * (endpoints, sources, connections) offers one, so a reseal reaches everything {@link SecretBox}
 * sealed without reaching into the features' tables.
 *
 * <p>{@link #reseal} takes the entities one at a time, each in its own transaction with its row
 * locked and its config outbox row, so an interrupted reseal loses nothing (every entity is sealed
 * under one configured key or the other) and a repeated one only continues.
 */
public interface Resealable {
  /** What the answer calls these entities: {@code endpoints}, {@code sources}, … */
  String kind();

  /** Every entity of this kind sealed under {@code box}'s sealing key, one outcome each. */
  Flux<Resealed> reseal(SecretBox box);
}
