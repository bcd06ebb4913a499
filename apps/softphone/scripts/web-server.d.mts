export interface RunningWebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}
export function startWebServer(options: { root: string; config: object; host?: string; port?: number }): Promise<RunningWebServer>;
