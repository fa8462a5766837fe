package io.hookyard.control.connection;

import io.hookyard.schemas.crypto.SealedSecret;
import io.hookyard.schemas.crypto.SecretBox;
import io.hookyard.schemas.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.type.TypeReference;

/** Credentials and tokens as one sealed JSON object each (AES-256-GCM, key id kept alongside). */
final class SealedJson {
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final SecretBox box;

  SealedJson(SecretBox box) {
    this.box = box;
  }

  SealedSecret seal(Map<String, ?> values) {
    return box.seal(Json.writeString(values));
  }

  Map<String, String> open(SealedSecret sealed) {
    return Json.mapper().readValue(box.open(sealed).getBytes(StandardCharsets.UTF_8), STRINGS);
  }
}
