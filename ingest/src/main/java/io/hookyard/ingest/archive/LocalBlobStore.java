package io.hookyard.ingest.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link BlobStore} on the local disk, for embedded mode. Writes go to a temporary file first,
 * are forced to the disk and then moved into place, so a reader never sees half a blob and a stored
 * blob survives a crash (the raw archive commits its Kafka offsets on that promise). File I/O
 * blocks, so it runs on the bounded elastic scheduler, never on an event loop.
 */
final class LocalBlobStore implements BlobStore {
  private final Path root;

  LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the blob folder " + this.root, e);
    }
  }

  @Override
  public Mono<Void> put(String key, byte[] bytes) {
    return Mono.fromCallable(
            () -> {
              Path target = resolve(key);
              Files.createDirectories(target.getParent());
              Path tmp = Files.createTempFile(target.getParent(), ".blob", ".tmp");
              try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                  out.write(buffer);
                }
                out.force(true);
              }
              Files.move(
                  tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
              return target;
            })
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }

  @Override
  public Mono<byte[]> get(String key) {
    return Mono.fromCallable(() -> read(resolve(key)))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(Mono::justOrEmpty);
  }

  /** Walks the folder once, lazily, deleting old files a batch at a time. */
  @Override
  public Flux<Integer> deleteOlderThan(Instant cutoff, int batchSize) {
    return Flux.using(
            () -> Files.walk(root),
            paths -> Flux.fromStream(paths.filter(p -> writtenBefore(p, cutoff))),
            Stream::close)
        .buffer(batchSize)
        .map(LocalBlobStore::delete)
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static boolean writtenBefore(Path path, Instant cutoff) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.isRegularFile()
          && attributes.lastModifiedTime().toInstant().isBefore(cutoff);
    } catch (IOException e) {
      return false; // gone meanwhile, or unreadable: the next round looks again
    }
  }

  private static int delete(List<Path> batch) {
    int deleted = 0;
    for (Path path : batch) {
      try {
        deleted += Files.deleteIfExists(path) ? 1 : 0;
      } catch (IOException e) {
        // left for the next round
      }
    }
    return deleted;
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private Path resolve(String key) {
    Path path = root.resolve(BlobStore.requireKey(key)).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("not a blob key: " + key);
    }
    return path;
  }
}
