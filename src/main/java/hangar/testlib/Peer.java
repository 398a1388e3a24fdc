package hangar.testlib;

import hangar.host.TestHost;

/**
 * Another host of a server-side session that a test drives besides its own, such as the server of
 * {@code iperf3}. A server-side control file passes one as an argument: {@code
 * job.run_test('iperf3', host: client, server: server)}.
 */
public interface Peer {
  /** The host's name or address as other hosts reach it. */
  String address();

  /** The host, to run commands on. */
  TestHost host();
}
