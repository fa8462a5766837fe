package io.hookyard.streams.inbound;

import io.hookyard.schemas.config.ConfigRecord;
import io.hookyard.schemas.config.EventTypeConfig;
import io.hookyard.schemas.config.SourceMappingConfig;
import io.hookyard.schemas.json.Json;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global mapping store in step with {@code hookyard.config}: each source's field mapping
 * under its config key ({@code tenant/src_…/mapping}) and the JSON Schema of each event type a
 * tenant registered under its own ({@code tenant/order.shipped}; type names hold no {@code /}),
 * each removed by its tombstone. Other config kinds are not the inbound topology's business.
 */
final class MappingIndex implements Processor<String, ConfigRecord, Void, Void> {
  private KeyValueStore<String, String> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(InboundTopology.MAPPING_STORE);
  }

  @Override
  public void process(Record<String, ConfigRecord> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else if (record.value() instanceof SourceMappingConfig mapping) {
      store.put(record.key(), mapping.expression());
    } else if (record.value() instanceof EventTypeConfig type) {
      store.put(record.key(), Json.writeString(type.schema()));
    }
  }
}
