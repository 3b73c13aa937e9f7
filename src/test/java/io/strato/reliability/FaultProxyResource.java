package io.strato.reliability;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.strato.testsupport.FaultProxy;
import io.strato.testsupport.MotoResource;
import io.strato.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Strato under test talks to moto through a {@link FaultProxy} failing 20 % of calls. */
public class FaultProxyResource implements QuarkusTestResourceLifecycleManager {

  static final double SHARE = Double.parseDouble(System.getProperty("faults.share", "0.2"));
  private FaultProxy proxy;

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(new MotoResource().start());
    try {
      proxy = new FaultProxy(MotoServer.shared().endpoint(), SHARE, 42);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.put("strato.aws.endpoint", proxy.endpoint().toString());
    return config;
  }

  @Override
  public void stop() {
    proxy.close();
  }
}
