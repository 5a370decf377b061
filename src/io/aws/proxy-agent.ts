import type { ClientRequest } from "node:http";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
import { Agent, type AgentConnectOpts } from "agent-base";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { isProxyProblem, type ProxyChoice, proxyFor } from "../../model/proxy-env.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The proxy could not be reached, or refused the tunnel; names it without its password. */
export class ProxyError extends Error {
  override readonly name = "ProxyError";

  constructor(
    /** The proxy as it may be shown (`http://user:***@host:port`). */
    readonly proxy: string,
    /** The proxy's answer to CONNECT when it refused (407, 403, 5xx); absent when unreachable. */
    readonly status: number | undefined,
    options?: { cause: unknown },
  ) {
    super(
      status === undefined ? `cannot reach proxy ${proxy}` : `proxy ${proxy} answered ${status}`,
      options,
    );
  }
}

/** How the agents connect: keep-alive sockets, at most this many, and the trust store. */
export interface AgentSettings {
  readonly env: Env;
  readonly maxSockets?: number;
  /** PEM certificates that replace Node's roots, as botocore's ca_bundle replaces certifi's. */
  readonly ca?: string;
}

/**
 * An agent that sends each request the way botocore would: through HTTPS_PROXY or HTTP_PROXY
 * unless NO_PROXY bypasses its host, else directly; with the CA bundle as the trust store for the
 * endpoint either way. The proxy's credentials go in a header, not in the URL the proxy agents
 * keep, so their DEBUG logging (the `debug` package) never prints the password.
 */
export class RoutedAgent extends Agent {
  private readonly direct: HttpAgent;
  private readonly tunnels = new Map<string, Agent>();

  constructor(
    private readonly secure: boolean,
    private readonly settings: AgentSettings,
  ) {
    super({ keepAlive: true });
    this.protocol = secure ? "https:" : "http:";
    const options = { keepAlive: true, ...sockets(settings), ...trust(settings) };
    this.direct = secure ? new HttpsAgent(options) : new HttpAgent(options);
  }

  /** The agent for this request: a proxy tunnel, or the direct one. */
  override connect(_req: ClientRequest, options: AgentConnectOpts): HttpAgent {
    const scheme = this.secure ? "https" : "http";
    const defaultPort = this.secure ? 443 : 80;
    const port = options.port === defaultPort ? undefined : options.port;
    const proxy = proxyFor(scheme, options.host ?? "", port, this.settings.env);
    if (proxy === undefined) return this.direct;
    // Checked before any call (proxySettingProblem); a direct connection would bypass the proxy.
    if (isProxyProblem(proxy)) throw new Error(proxy.problem);
    let tunnel = this.tunnels.get(proxy.url);
    if (tunnel === undefined) {
      tunnel = this.secure ? tunnelAgent(proxy, this.settings) : forwardAgent(proxy, this.settings);
      this.tunnels.set(proxy.url, tunnel);
    }
    return tunnel;
  }

  /** Closes the sockets of every agent. */
  override destroy(): void {
    this.direct.destroy();
    for (const tunnel of this.tunnels.values()) tunnel.destroy();
    this.tunnels.clear();
    super.destroy();
  }
}

function sockets(settings: AgentSettings): { maxSockets?: number } {
  return settings.maxSockets === undefined ? {} : { maxSockets: settings.maxSockets };
}

function trust(settings: AgentSettings): { ca?: string } {
  return settings.ca === undefined ? {} : { ca: settings.ca };
}

function proxyHeaders(proxy: ProxyChoice): Record<string, string> {
  return proxy.authorization === undefined ? {} : { "Proxy-Authorization": proxy.authorization };
}

/** CONNECT through the proxy, then TLS to the endpoint with the bundle as its trust store. */
function tunnelAgent(proxy: ProxyChoice, settings: AgentSettings): Agent {
  const options = {
    keepAlive: true,
    headers: proxyHeaders(proxy),
    ...sockets(settings),
    ...trust(settings),
  };
  return new (class extends HttpsProxyAgent<string> {
    override async connect(req: ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
      let refused: number | undefined;
      req.once("proxyConnect", (answer: { statusCode?: number }) => {
        if (answer.statusCode !== 200) refused = answer.statusCode;
      });
      // The endpoint's TLS options come from the request, which carries no CA: add the bundle.
      const target = settings.ca === undefined ? opts : { ...opts, ca: settings.ca };
      const socket = await super.connect(req, target).catch((error: unknown) => {
        throw new ProxyError(proxy.shown, undefined, { cause: error });
      });
      if (refused === undefined) return socket;
      socket.destroy();
      throw new ProxyError(proxy.shown, refused);
    }
  })(proxy.url, options);
}

/** Plain-http endpoints: requests in absolute form to the proxy, as urllib3 forwards them. */
function forwardAgent(proxy: ProxyChoice, settings: AgentSettings): Agent {
  const options = { keepAlive: true, headers: proxyHeaders(proxy), ...sockets(settings) };
  return new (class extends HttpProxyAgent<string> {
    override async connect(
      req: Parameters<HttpProxyAgent<string>["connect"]>[0],
      opts: AgentConnectOpts,
    ): Promise<Socket> {
      return super.connect(req, opts).catch((error: unknown) => {
        throw new ProxyError(proxy.shown, undefined, { cause: error });
      });
    }
  })(proxy.url, options);
}
