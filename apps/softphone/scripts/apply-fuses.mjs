#!/usr/bin/env node
// Flips the Electron fuses of a packaged softphone (Electron security checklist #19). Runs as
// electron-builder's `afterPack` hook, before signing, so the signature covers the flipped binary.
// Every fuse is set explicitly (`strictlyRequireAllFuses`): an Electron upgrade that adds a fuse
// fails the build until someone decides its value.
//   As a hook:    afterPack: apps/softphone/scripts/apply-fuses.mjs   (electron-builder.yml)
//   By hand:      node apps/softphone/scripts/apply-fuses.mjs <path to the packaged executable or .app>
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The fuse wire of the release build, one line per fuse with the reason. */
export const softphoneFuses = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // Cookies (IdP session at the dev server, none in production) encrypted with the OS key store.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload arbitrary code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect/--inspect-brk would let anyone on the machine attach a debugger to main.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash recorded at build time (macOS, Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only the packaged app.asar is ever loaded, never a loose app/ folder dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The stock V8 snapshot is used; we ship no custom browser-process snapshot.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The UI is served from app://, so file:// needs none of its legacy privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/**
 * Where electron-builder put the Electron executable that carries the fuse wire.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
export function packagedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
    default:
      throw new Error(`apply-fuses: unknown platform ${electronPlatformName}`);
  }
}

/** electron-builder `afterPack` hook. */
export default async function afterPack(context) {
  const target = packagedExecutable(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Flipping fuses invalidates the ad-hoc signature of arm64 macOS binaries: re-sign ad hoc
  // (the real signature comes later, from electron-builder's signing step).
  await flipFuses(target, { ...softphoneFuses, resetAdHocDarwinSignature: isMac && (context.arch === 3 || context.arch === 4) /* Arch.arm64, Arch.universal */ });
  console.log(`apply-fuses: fuses set on ${target}`);
}

/** Reads the fuse wire back, as `{ name: 'enabled' | 'disabled' | ... }`. */
export async function readFuses(executable) {
  const wire = await getCurrentFuseWire(executable);
  const names = { 48: 'disabled', 49: 'enabled', 114: 'removed', 144: 'inherit' };
  return Object.fromEntries(Object.entries(wire).filter(([k]) => k !== 'version').map(([k, v]) => [FuseV1Options[Number(k)], names[v] ?? String(v)]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: node apps/softphone/scripts/apply-fuses.mjs <packaged executable or .app>');
    process.exit(2);
  }
  await flipFuses(target, softphoneFuses);
  console.log(JSON.stringify(await readFuses(target), null, 2));
}
