package io.hookyard.bench.scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/scale.sh}: the scale-out runs of {@link ScaleOutIT} at the size (20,000
 * events to 100 endpoints by default, see {@link ScaleSettings}), printing one line of figures per
 * run; exits 1 when any run lost an event, changed a {@code webhook-id} or went over a limit.
 */
public final class ScaleBench {
  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    ScaleSettings settings = ScaleSettings.parse(args);
    Path dir = Files.createTempDirectory("hookyard-scale");
    List<String> problems = new ArrayList<>();
    try (ScaleCluster cluster = ScaleCluster.local(dir.resolve("cluster"));
        ScaleDeployment deployment =
            ScaleDeployment.start(cluster, settings.jar(), dir.resolve("nodes"), 2);
        ScaleReceiver receiver = new ScaleReceiver()) {
      for (ScaleNode.Stop stop : settings.stops()) {
        if (deployment.workers().size() < 2) {
          deployment.addWorker();
        }
        ScaleResult result = new ScaleRun(deployment, settings, receiver).run(stop);
        System.out.println(result.summary());
        result.problems().forEach(p -> problems.add(stop + ": " + p));
      }
    }
    problems.forEach(p -> System.out.println("PROBLEM " + p));
    System.out.println("logs and data under " + dir);
    System.exit(problems.isEmpty() ? 0 : 1);
  }
}
