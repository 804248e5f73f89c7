/// The one error type engines throw; the executable maps `kind` to an exit code
/// (`.statement` → 1, the rest → 2) and prints `message` on one line.
public struct IdxScopeError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Bad target: missing file, not a database, unreachable host, bad password, bad flag.
        case input
        /// Connected, but a catalog or space query failed (locked, corrupt, permission).
        case database
        /// The user's SQL failed to plan (syntax error, unknown table, several statements).
        case statement
        /// The user cancelled a running call.
        case cancelled
    }

    public var kind: Kind
    /// One line, no trailing newline, never a password.
    public var message: String
    /// Engine code (SQLite result code, PostgreSQL SQLSTATE) when there is one.
    public var code: String?

    public init(_ kind: Kind, _ message: String, code: String? = nil) {
        self.kind = kind
        self.message = IdxScopeError.oneLine(message)
        self.code = code
    }

    public var description: String { message }

    public var exitCode: Int32 { kind == .statement ? 1 : 2 }

    /// Folds a multi-line engine message (libpq adds newlines and DETAIL lines) into one line.
    public static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}

import Foundation
