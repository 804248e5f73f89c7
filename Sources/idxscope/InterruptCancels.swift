import Dispatch
import Foundation
import IdxScopeCore

/// Ctrl-C in a sub-command, as in psql: the statement running on the server is cancelled
/// (PQcancel) before idxscope exits, so a long `explain --analyze` does not keep running there
/// after the client is gone. The TUI reads Ctrl-C as a key and does not use this.
enum InterruptCancels {
    nonisolated(unsafe) private static var source: DispatchSourceSignal?

    static func install(for inspector: any Inspector) {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        // Weak: the handler must not keep the inspector alive past the command, or its
        // connection is never closed (a WAL database's side files would then stay behind).
        source.setEventHandler { [weak inspector] in
            inspector?.cancel()
            let message = "\nidxscope: interrupted; the running statement was cancelled\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(130)
        }
        source.resume()
        Self.source = source
    }
}
