/**
 * Encrypted links: the server's HTTPS from PEM files ({@link hangar.tls.ServerTls}, reloaded when
 * the files change) and the trust the CLI and workers place in it ({@link hangar.tls.ClientTls}:
 * the system's CAs, or one CA file). A file that cannot be used is a {@link
 * hangar.tls.TlsFileException} naming it and what is wrong.
 */
package hangar.tls;
