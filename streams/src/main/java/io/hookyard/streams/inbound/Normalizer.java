package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.trace.Tracing;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each vendor event into catalog events with the first mapper that knows it; the fallback
 * keeps anything unmapped as {@code vendor.<vendor>.<event>} with the original payload. A mapper
 * that throws fails the record, which the processing exception handler sends to {@code
 * hookyard.streams.dead} while the topology goes on.
 */
final class Normalizer implements Processor<String, InboundRecord, String, Normalized> {
  private final List<VendorMapper> mappers;
  private ProcessorContext<String, Normalized> context;
  private TenantTypes tenantTypes;

  Normalizer(List<VendorMapper> mappers) {
    this.mappers = mappers;
  }

  @Override
  public void init(ProcessorContext<String, Normalized> context) {
    this.context = context;
    this.tenantTypes = new TenantTypes(context.getStateStore(InboundTopology.MAPPING_STORE));
  }

  @Override
  public void process(Record<String, InboundRecord> record) {
    InboundRecord inbound = record.value();
    List<EventEnvelope> events =
        mappers.stream()
            .filter(m -> m.handles(inbound))
            .findFirst()
            .map(m -> m.map(inbound, tenantTypes))
            .orElseGet(() -> VendorMapper.fallback(inbound));
    for (EventEnvelope event : events) {
      context.forward(
          new Record<>(
              event.key(),
              new Normalized(inbound.sourceId(), event),
              record.timestamp(),
              Tracing.carried(record.headers()))); // the request's trace, on to routing
    }
  }
}
