package io.hookyard.ingest.webhook.vendor.salesforce;

import io.hookyard.schemas.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of a Salesforce {@code notifications} SOAP call we keep. Parsed with doctype
 * declarations refused outright and external entities and schemas disabled (OWASP XXE guidance for
 * the JDK parser), so a hostile body can neither read files nor call out nor expand entities. Each
 * notification becomes a small JSON document: the message's organisation, action and URLs, the
 * notification id, and the sObject's type and fields; the session id is left out on purpose.
 */
record OutboundMessage(
    String organizationId,
    String actionId,
    String enterpriseUrl,
    String partnerUrl,
    List<Notification> notifications) {

  static final String NS = "http://soap.sforce.com/2005/09/outbound";
  private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

  record Notification(String id, String objectType, byte[] json) {}

  /** The message, or null when the body is not well-formed XML or not a notifications call. */
  static OutboundMessage parse(byte[] body) {
    Document document;
    try {
      document = builder().parse(new ByteArrayInputStream(body));
    } catch (SAXException | IOException e) {
      return null;
    }
    Element call = first(document.getDocumentElement(), "notifications");
    if (call == null) {
      return null;
    }
    String organizationId = text(call, "OrganizationId");
    String actionId = text(call, "ActionId");
    String enterpriseUrl = text(call, "EnterpriseUrl");
    String partnerUrl = text(call, "PartnerUrl");
    List<Notification> notifications = new ArrayList<>();
    NodeList list = call.getElementsByTagNameNS(NS, "Notification");
    for (int i = 0; i < list.getLength(); i++) {
      Element element = (Element) list.item(i);
      String id = text(element, "Id");
      Element object = first(element, "sObject");
      ObjectNode json = Json.mapper().createObjectNode();
      json.put("organizationId", organizationId);
      json.put("actionId", actionId);
      json.put("enterpriseUrl", enterpriseUrl);
      json.put("partnerUrl", partnerUrl);
      json.put("notificationId", id);
      String type = null;
      if (object != null) {
        type = localType(object.getAttributeNS(XSI, "type"));
        ObjectNode fields = json.putObject("sObject");
        fields.put("type", type);
        for (Node child = object.getFirstChild(); child != null; child = child.getNextSibling()) {
          if (child instanceof Element field) {
            fields.put(field.getLocalName(), field.getTextContent());
          }
        }
      }
      notifications.add(new Notification(id, type, Json.write(json)));
    }
    return new OutboundMessage(organizationId, actionId, enterpriseUrl, partnerUrl, notifications);
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new DefaultHandler());
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a safety feature", e);
    }
  }

  private static Element first(Element parent, String localName) {
    NodeList found = parent.getElementsByTagNameNS(NS, localName);
    return found.getLength() == 0 ? null : (Element) found.item(0);
  }

  private static String text(Element parent, String localName) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element
          && NS.equals(element.getNamespaceURI())
          && localName.equals(element.getLocalName())) {
        return element.getTextContent().trim();
      }
    }
    return null;
  }

  /** {@code sf:Contact} → {@code Contact}. */
  private static String localType(String qualified) {
    if (qualified == null || qualified.isEmpty()) {
      return null;
    }
    return qualified.substring(qualified.indexOf(':') + 1);
  }
}
