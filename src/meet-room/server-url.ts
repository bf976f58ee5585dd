/** The relay's WebSocket URL for `server`: relative to the page, `http(s):` becomes `ws(s):`. */
export function resolveServer(server: string, base: string = location.href): string {
  const url = new URL(server, base);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.href;
}
