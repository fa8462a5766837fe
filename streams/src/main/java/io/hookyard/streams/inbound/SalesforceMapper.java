package io.hookyard.streams.inbound;

import io.hookyard.schemas.event.EventEnvelope;
import io.hookyard.schemas.inbound.InboundRecord;
import io.hookyard.schemas.json.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Salesforce outbound messages, one notification per inbound record (ingest splits them into {@code
 * {"notificationId", "sObject": {"type", "Id", …}}}). Contacts and leads become contacts, accounts
 * companies, opportunities deals, other sObjects {@code entity.*} of that type. An outbound message
 * fires on create or edit without saying which: it is {@code *.created} when the record's {@code
 * CreatedDate} equals its {@code LastModifiedDate} (both must be among the message's fields), else
 * {@code *.updated}. Salesforce does not say which fields changed. Custom fields ({@code Tier__c})
 * stay under {@code properties} for the tenant's field mapping to lift.
 */
final class SalesforceMapper implements VendorMapper {
  static final String VENDOR = "salesforce";

  /** Records as a Salesforce sync's SOQL returns them: the same objects and field names. */
  static final SyncRecords SYNC = new Records();

  private static final Map<String, String> OBJECTS =
      Map.of("Contact", "contact", "Lead", "contact", "Account", "company", "Opportunity", "deal");
  private static final Map<String, String> PERSON =
      Map.of(
          "Email", "email",
          "FirstName", "first_name",
          "LastName", "last_name",
          "Phone", "phone",
          "AccountId", "company_id");
  private static final Map<String, Map<String, String>> FIELDS =
      Map.of(
          "Contact",
          PERSON,
          "Lead",
          PERSON,
          "Account",
          Map.of("Name", "name", "Industry", "industry", "Website", "website"),
          "Opportunity",
          Map.of(
              "Name", "name",
              "Amount", "amount",
              "StageName", "stage",
              "CurrencyIsoCode", "currency",
              "AccountId", "company_id"));

  @Override
  public boolean handles(InboundRecord record) {
    return record.vendor().equals(VENDOR) && record.body() != null;
  }

  @Override
  public List<EventEnvelope> map(InboundRecord record) {
    JsonNode object = Json.tree(record.body()).path("sObject");
    String type = object.path("type").asString("");
    String id = CatalogData.text(object.path("Id"));
    if (!(object instanceof ObjectNode sObject) || type.isEmpty() || id == null) {
      return VendorMapper.fallback(record);
    }
    ObjectNode fields = sObject.deepCopy();
    fields.remove("type");
    fields.remove("Id");
    String created = CatalogData.text(fields.path("CreatedDate"));
    String action =
        created != null && created.equals(CatalogData.text(fields.path("LastModifiedDate")))
            ? "created"
            : "updated";
    String resource = OBJECTS.get(type);
    ObjectNode data;
    if (resource == null) {
      data = CatalogData.entity(VENDOR, id, VendorMapper.segment(type));
      data.set("attributes", fields);
    } else {
      data = CatalogData.of(VENDOR, id);
      CatalogData.copy(data, fields, FIELDS.get(type));
    }
    String catalogType = (resource == null ? "entity" : resource) + "." + action;
    return List.of(VendorMapper.envelope(record, 0, catalogType, Json.write(data)));
  }

  /**
   * SOQL records: accounts are companies, contacts contacts, opportunities deals; other sObjects
   * ({@code sobject}) {@code vendor.salesforce.sobject.*} with the record as sent. Catalog fields
   * by the outbound-message names above; custom fields ({@code Tier__c}) and the rest under {@code
   * properties}; the record's own id and Salesforce's stamps are not copied.
   */
  private static final class Records implements SyncRecords {
    private static final Map<String, String> RESOURCES =
        Map.of("Account", "company", "Contact", "contact", "Opportunity", "deal");
    private static final java.util.Set<String> NOT_COPIED =
        java.util.Set.of("Id", "attributes", "SystemModstamp");

    @Override
    public String resource(String entity) {
      return RESOURCES.get(entity);
    }

    @Override
    public void fill(String entity, JsonNode record, ObjectNode data) {
      ObjectNode fields = Json.mapper().createObjectNode();
      for (var field : record.properties()) {
        if (!NOT_COPIED.contains(field.getKey()) && !field.getValue().isNull()) {
          fields.set(field.getKey(), field.getValue());
        }
      }
      CatalogData.copy(data, fields, FIELDS.getOrDefault(entity, Map.of()));
    }

    @Override
    public String field(String entity, String vendorField) {
      return FIELDS.getOrDefault(entity, Map.of()).getOrDefault(vendorField, vendorField);
    }
  }
}
