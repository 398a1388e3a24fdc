package hangar.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Facts about the machine this process runs on. */
public final class Machines {
  private static final Logger LOG = LoggerFactory.getLogger(Machines.class);
  private static final String HOSTNAME = lookUpHostname();

  private Machines() {}

  /** This machine's host name, or {@code localhost} when it has none that resolves. */
  public static String hostname() {
    return HOSTNAME;
  }

  private static String lookUpHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      LOG.warn("this machine's name does not resolve; it is called localhost here", e);
      return "localhost";
    }
  }
}
