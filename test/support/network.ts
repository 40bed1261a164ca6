import { connect } from "node:net";
import { networkInterfaces } from "node:os";

/** The machine's IPv4 addresses other than loopback, where nothing of the local hub may be reached. */
export function otherAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((address) =>
      address === undefined || address.internal || address.family !== "IPv4" ? [] : [address.address],
    );
}

/** Whether a TCP connection to `host:port` is accepted. */
export function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
