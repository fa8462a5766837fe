package io.hookyard.streams.routing;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global endpoint store in step with {@code hookyard.config}: endpoints are stored under
 * their config key ({@code tenant/ep_…}) as the record's bytes, so the router finds one tenant's
 * endpoints by prefix and parses each only when it changed ({@link ParsedEndpoints}). Other config
 * kinds are not routing's business and are skipped here; when the store is loaded from the topic at
 * start-up they may be in it, and the router skips them.
 */
final class EndpointIndex implements Processor<String, byte[], Void, Void> {
  private KeyValueStore<String, byte[]> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(RoutingTopology.ENDPOINT_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else if (ParsedEndpoints.parse(record.value()) != null) {
      store.put(record.key(), record.value());
    }
  }
}
