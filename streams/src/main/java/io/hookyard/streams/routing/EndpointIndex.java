package io.hookyard.streams.routing;

import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EndpointConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global endpoint store in step with {@code hookyard.config}: endpoints are stored under
 * their config key ({@code tenant/ep_…}), so the router finds one tenant's endpoints by prefix.
 * Other config kinds are not routing's business and are skipped.
 */
final class EndpointIndex implements Processor<String, ConfigRecord, Void, Void> {
  private KeyValueStore<String, EndpointConfig> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(RoutingTopology.ENDPOINT_STORE);
  }

  @Override
  public void process(Record<String, ConfigRecord> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else if (record.value() instanceof EndpointConfig endpoint) {
      store.put(record.key(), endpoint);
    }
  }
}
