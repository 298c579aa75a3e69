package bindingtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.cdk8s_netpol_baseline.ConnectOptions;
import io.github.cdk8s_netpol_baseline.DefaultDenyIngress;
import io.github.cdk8s_netpol_baseline.Endpoint;
import io.github.cdk8s_netpol_baseline.Endpoints;
import io.github.cdk8s_netpol_baseline.IPolicySet;
import io.github.cdk8s_netpol_baseline.Reachability;
import io.github.cdk8s_netpol_baseline.Workloads;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.plus28.ContainerProps;
import org.cdk8s.plus28.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, used from Java as users do: the shop example, an error, the engine. */
class ShopTest {
  @Test
  void theShopSynthesizesYamlByteIdenticalToTheTypeScriptExample(@TempDir Path dir) throws Exception {
    String want = Files.readString(Path.of(System.getProperty("typescriptShop")));
    Shop.shopApp(dir.toString()).synth();
    assertEquals(want, Files.readString(dir.resolve("shop.k8s.yaml")));
  }

  @Test
  void aConstructionErrorIsAnExceptionWithTheConstructPathAndTheValue() {
    Chart chart = new Chart(new App(), "shop");
    RuntimeException error = assertThrows(RuntimeException.class,
        () -> DefaultDenyIngress.Builder.create(chart, "deny").namespace("Shop_1").build());
    assertTrue(error.getMessage().contains("shop/deny"), error.getMessage());
    assertTrue(error.getMessage().contains("\"Shop_1\""), error.getMessage());
  }

  @Test
  void reachabilityAnswersFromJava(@TempDir Path dir) {
    Reachability reach = Reachability.fromApp(Shop.shopApp(dir.toString()));
    Endpoint web = Endpoints.labels("shop", Map.of("app", "web", "networking/allow-internet-access", "true"));
    Endpoint api = Endpoints.labels("shop", Map.of("app", "api", "networking/allow-db-access", "true"));
    Endpoint db = Endpoints.labels("shop", Map.of("app", "db", "networking/allow-backup-to-access", "true"));
    Endpoint internet = Endpoints.ip("203.0.113.10");
    assertTrue(reach.canConnect(internet, web, port(443)));
    assertFalse(reach.canConnect(internet, api, port(443)));
    assertTrue(reach.canConnect(web, api, port(8080)));
    assertTrue(reach.canConnect(api, db, port(5432)));
    assertFalse(reach.canConnect(web, db, port(5432)));
    assertFalse(reach.explain(web, db, port(5432)).getAllowed());
  }

  @Test
  void aGrantAcrossNamespacesReturnsAPolicySetWithItsPolicies() {
    Chart chart = new Chart(new App(), "shop");
    Deployment web = Deployment.Builder.create(chart, "web")
        .metadata(ApiObjectMetadata.builder().namespace("frontend").build())
        .containers(List.of(ContainerProps.builder().image("web").build())).build();
    Deployment api = Deployment.Builder.create(chart, "api")
        .metadata(ApiObjectMetadata.builder().namespace("shop").build())
        .containers(List.of(ContainerProps.builder().image("api").portNumber(8080).build())).build();
    IPolicySet allow = Workloads.allowConnection(chart, web, api);
    assertEquals("allow-frontend-web-to-api", allow.getName());
    assertEquals(1, allow.getPolicies().size());
  }

  private static ConnectOptions port(int port) {
    return ConnectOptions.builder().port(port).build();
  }
}
