import { assertChromium } from './chromium.ts';

export default function globalSetup(): void {
  assertChromium();
}
