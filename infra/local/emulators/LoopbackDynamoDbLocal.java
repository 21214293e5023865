import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import java.lang.reflect.Field;

/**
 * Starts DynamoDB Local bound to 127.0.0.1 only.
 *
 * DynamoDB Local (1.25.x) has no option for the listen address: its proxy server creates Jetty's Server with a port
 * only, which listens on every interface, so anyone on the same network could read and write the local tables.
 * This launcher builds the server exactly as the jar's own main class does (same command line arguments), then sets
 * the host of Jetty's connector before it starts. It deliberately skips the telemetry set-up of the original main.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) {
    try {
      DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Server jetty = (Server) field.get(proxy);
      for (Connector connector : jetty.getConnectors()) {
        // Plain Java 8 syntax (no pattern matching): the jar itself targets Java 8, so may the JDK that compiles this.
        if (connector instanceof ServerConnector) ((ServerConnector) connector).setHost("127.0.0.1");
      }
      proxy.start();
    } catch (Throwable error) {
      // Jetty's threads are not daemons: without an explicit exit a failed start (e.g. port in use) would hang.
      error.printStackTrace();
      System.exit(1);
    }
  }
}
