type Env = Readonly<Record<string, string | undefined>>;

/** The proxy a request goes through: where, with which credentials, and how to name it safely. */
export interface ProxyChoice {
  /** The proxy's URL without credentials. */
  readonly url: string;
  /** `Basic ...` for the Proxy-Authorization header, when the URL carries a user. */
  readonly authorization?: string;
  /** The proxy as messages show it: the user, never the password. */
  readonly shown: string;
  /** The variable it came from (`HTTPS_PROXY` or `https_proxy`, ...). */
  readonly variable: string;
}

/** A proxy variable whose value is no URL: one line naming the variable, without its value. */
export interface ProxyProblem {
  readonly problem: string;
}

/**
 * A variable as Python's urllib reads it (botocore's source): the lower-case name wins over the
 * upper-case one, and a lower-case name set empty means "none" even when the upper-case is set.
 */
function proxyVariable(env: Env, name: string): { name: string; value: string } | undefined {
  const lower = env[name.toLowerCase()];
  if (lower !== undefined)
    return lower.trim() === "" ? undefined : { name: name.toLowerCase(), value: lower.trim() };
  const upper = env[name.toUpperCase()];
  return upper === undefined || upper.trim() === ""
    ? undefined
    : { name: name.toUpperCase(), value: upper.trim() };
}

/**
 * Whether NO_PROXY sends `host` (with `port` when the URL names one) direct, as urllib's
 * proxy_bypass_environment does for botocore: `*` alone bypasses everything; each comma-separated
 * entry, leading dots ignored, matches that name and every name under it (`corp.example` and
 * `.corp.example` both match `a.corp.example`); an entry with a port matches only that port; IP
 * addresses match as written (no CIDR ranges, which botocore does not read either).
 */
export function bypassesProxy(host: string, port: number | undefined, env: Env): boolean {
  const noProxy = proxyVariable(env, "no_proxy")?.value;
  if (noProxy === undefined) return false;
  if (noProxy === "*") return true;
  const hostOnly = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const bracketed = hostOnly.includes(":") ? `[${hostOnly}]` : hostOnly;
  const withPort = port === undefined ? bracketed : `${bracketed}:${port}`;
  return noProxy.split(",").some((raw) => {
    const name = raw.trim().replace(/^\.+/, "").toLowerCase();
    if (name === "") return false;
    if (hostOnly === name || withPort === name || bracketed === name) return true;
    return hostOnly.endsWith(`.${name}`) || withPort.endsWith(`.${name}`);
  });
}

/**
 * The proxy for a request to `scheme://host:port`, as botocore picks it: HTTPS_PROXY for https,
 * HTTP_PROXY for http (ALL_PROXY is not read), unless NO_PROXY bypasses the host; a value without
 * a scheme is taken as `http://` (botocore's fix_proxy_url). `port` is omitted for the default.
 */
export function proxyFor(
  scheme: "http" | "https",
  host: string,
  port: number | undefined,
  env: Env,
): ProxyChoice | ProxyProblem | undefined {
  const variable = proxyVariable(env, `${scheme}_proxy`);
  if (variable === undefined || bypassesProxy(host, port, env)) return undefined;
  return parseProxyUrl(variable.value, variable.name);
}

/** A proxy URL split into address and credentials (percent-decoded, as botocore unquotes them). */
export function parseProxyUrl(value: string, variable: string): ProxyChoice | ProxyProblem {
  const withScheme = /^https?:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: `${variable} is not a proxy URL; set it to http://HOST:PORT` };
  }
  if (url.hostname === "")
    return { problem: `${variable} names no proxy host; set it to http://HOST:PORT` };
  const user = decoded(url.username);
  const password = decoded(url.password);
  if (user === undefined || password === undefined)
    return { problem: `${variable} has a badly percent-encoded user or password` };
  const address = `${url.protocol}//${url.host}`;
  if (url.username === "" && url.password === "") return { url: address, shown: address, variable };
  const authorization = `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
  const shown = `${url.protocol}//${url.username}${url.password === "" ? "" : ":***"}@${url.host}`;
  return { url: address, authorization, shown, variable };
}

/** What is wrong with HTTPS_PROXY or HTTP_PROXY as set, if anything (checked before any call). */
export function proxyVariablesProblem(env: Env): string | undefined {
  for (const name of ["https_proxy", "http_proxy"]) {
    const variable = proxyVariable(env, name);
    if (variable === undefined) continue;
    const parsed = parseProxyUrl(variable.value, variable.name);
    if (isProxyProblem(parsed)) return parsed.problem;
  }
  return undefined;
}

/** Whether a proxy lookup found a problem rather than a proxy. */
export function isProxyProblem(value: ProxyChoice | ProxyProblem): value is ProxyProblem {
  return "problem" in value;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
