package io.hookyard.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code deploy/k8s} is valid Kubernetes ({@link StrictModel}: the API's schema, unknown fields
 * refused) and deploys what docs/operations.md promises: one Deployment per role, probes on the
 * actuator's liveness and readiness groups, a grace period for the graceful shutdown, secrets only
 * by reference, Services and the Ingress pointing at pods that exist; and {@code
 * docker-compose.yml}'s {@code scale} profile runs the roles as services {@code --scale} can
 * multiply.
 */
class DeployManifestsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path K8S = ROOT.resolve("deploy/k8s");
  private static final Set<String> ROLES = Set.of("ingest", "control", "streams", "dispatch");

  private static List<HasMetadata> all() throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    for (Path file : manifests()) {
      resources.addAll(StrictModel.read(file));
    }
    return resources;
  }

  private static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.list(K8S)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .toList();
    }
  }

  private static <T> List<T> of(Class<T> kind) throws IOException {
    return all().stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  @Test
  void everyManifestIsTheKubernetesApiWithNoUnknownField() throws IOException {
    assertThat(manifests()).isNotEmpty();
    assertThat(all()).allSatisfy(r -> assertThat(r.getMetadata().getName()).isNotBlank());
  }

  @Test
  void theStrictReadingRefusesAMisspelledField(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path wrong = dir.resolve("wrong.yaml");
    Files.writeString(
        wrong,
        Files.readString(K8S.resolve("dispatch.yaml"))
            .replace("terminationGracePeriodSeconds", "terminationGracePeriod"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StrictModel.read(wrong))
        .hasMessageContaining("terminationGracePeriod");
  }

  @Test
  void kustomizationListsEveryManifest() throws IOException {
    Map<String, Object> kustomization =
        new Yaml().load(Files.readString(K8S.resolve("kustomization.yaml")));
    assertThat(kustomization.get("resources"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrderElementsOf(
            manifests().stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void oneDeploymentPerRoleWithProbesGraceAndSecretsByReference() throws IOException {
    List<Deployment> deployments = of(Deployment.class);
    Set<String> configMaps =
        of(ConfigMap.class).stream()
            .map(c -> c.getMetadata().getName())
            .collect(Collectors.toSet());
    assertThat(deployments.stream().map(DeployManifestsTest::role))
        .containsExactlyInAnyOrderElementsOf(ROLES);
    for (Deployment d : deployments) {
      var spec = d.getSpec();
      assertThat(spec.getTemplate().getMetadata().getLabels())
          .containsAllEntriesOf(spec.getSelector().getMatchLabels());
      var pod = spec.getTemplate().getSpec();
      // Spring's shutdown phases (30 s each at most) fit, and the preStop pause before them
      assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(60);
      Container c = pod.getContainers().get(0);
      assertProbe(c.getLivenessProbe(), "/actuator/health/liveness");
      assertProbe(c.getStartupProbe(), "/actuator/health/liveness");
      assertProbe(c.getReadinessProbe(), "/actuator/health/readiness");
      assertThat(c.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
      assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).containsKey("memory");
      for (EnvVar env : c.getEnv()) {
        if (env.getName().endsWith("_KEY") || env.getName().endsWith("PASSWORD")) {
          assertThat(env.getValue()).as(env.getName() + " must come from a Secret").isNull();
          assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hookyard-secrets");
        }
      }
      assertThat(c.getEnvFrom())
          .allSatisfy(from -> assertThat(configMaps).contains(from.getConfigMapRef().getName()));
    }
  }

  @Test
  void servicesIngressAndBudgetsSelectPodsThatExist() throws IOException {
    List<Map<String, String>> podLabels =
        of(Deployment.class).stream()
            .map(d -> d.getSpec().getTemplate().getMetadata().getLabels())
            .toList();
    Set<String> services = new java.util.HashSet<>();
    for (Service s : of(Service.class)) {
      services.add(s.getMetadata().getName());
      assertThat(podLabels)
          .anySatisfy(l -> assertThat(l).containsAllEntriesOf(s.getSpec().getSelector()));
    }
    for (PodDisruptionBudget b : of(PodDisruptionBudget.class)) {
      assertThat(podLabels)
          .anySatisfy(
              l -> assertThat(l).containsAllEntriesOf(b.getSpec().getSelector().getMatchLabels()));
    }
    Map<String, String> backends = new java.util.HashMap<>();
    for (Ingress ingress : of(Ingress.class)) {
      ingress.getSpec().getRules().stream()
          .flatMap(r -> r.getHttp().getPaths().stream())
          .forEach(p -> backends.put(p.getPath(), p.getBackend().getService().getName()));
    }
    assertThat(services).containsAll(backends.values());
    // the webhook edge and the publish API are the ingest role's; the rest is control's
    assertThat(backends)
        .containsEntry("/in", "hookyard-ingest")
        .containsEntry("/api/v1/events", "hookyard-ingest")
        .containsEntry("/", "hookyard-control");
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeScaleProfileRunsEachRoleAsAScalableService() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    for (String role : ROLES) {
      Map<String, Object> service = services.get(role);
      assertThat(service).as("service " + role).isNotNull();
      assertThat((List<String>) service.get("profiles")).containsExactly("scale");
      Map<String, Object> env = (Map<String, Object>) service.get("environment");
      assertThat(env).containsEntry("HOOKYARD_ROLES", role);
      // --scale starts several copies: no fixed name, and a host port range (or none) to share
      assertThat(service).doesNotContainKey("container_name");
      for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
        String published = port.toString();
        if (published.contains(":")) {
          assertThat(published.substring(0, published.lastIndexOf(':'))).contains("-");
        }
      }
    }
    // plain `docker compose up` still runs the all-in-one service and none of the roles
    assertThat(services.get("hookyard")).doesNotContainKey("profiles");
    // the containers ITs run against the images the compose file runs
    assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:4.2.1");
    assertThat(services.get("postgres").get("image")).isEqualTo("postgres:17");
  }

  private static String role(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("HOOKYARD_ROLES"))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }
}
