// Remote commands are built from a fixed argument list, each word single-quoted, so a pool, VG or
// device name can never become shell syntax on the host.

export function shellQuote(word: string): string {
  if (word.includes("\0")) throw new Error("a command argument contains a NUL byte");
  return "'" + word.replace(/'/g, "'\\''") + "'";
}

/**
 * The command line sent over SSH. The fixed prefix appends the sbin directories (LVM lives there,
 * and a non-login PATH may lack them) and pins the C locale so outputs parse the same everywhere.
 */
export function commandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error("empty command");
  return 'PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"; LC_ALL=C; export PATH LC_ALL; ' + argv.map(shellQuote).join(" ");
}

/** How a command is shown in reports and errors. */
export function showCommand(argv: readonly string[]): string {
  return argv.map((w) => (/^[A-Za-z0-9_./:%=+,@-]+$/.test(w) ? w : shellQuote(w))).join(" ");
}
