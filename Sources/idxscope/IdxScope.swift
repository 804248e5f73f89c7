import ArgumentParser
import Foundation
import IdxScopeCore

/// The root command: `idxscope [TARGET]` opens the TUI; sub-commands print reports for scripts.
struct IdxScope: ParsableCommand {
    static let version = BuildInfo.version

    static let configuration = CommandConfiguration(
        commandName: "idxscope",
        abstract: "Inspect the indexes and query plans of SQLite and PostgreSQL databases.",
        discussion: """
        TARGET is a SQLite file (or sqlite:PATH, or a file: URI), a postgres:// or postgresql:// URI, \
        or a libpq conninfo such as "host=localhost dbname=app". With --pg and no TARGET, the PG* \
        environment variables name the server. Everything is read-only.

        Every command that connects takes --pg, -W/--password (ask for the password first) and \
        -w/--no-password (never ask); the terminal UI (idxscope [TARGET]) also takes --theme \
        NAME|PATH and --no-color (NO_COLOR too). Global: --version, --help.

        A password written in a URI or conninfo is visible in the process list (ps) while idxscope \
        runs; PGPASSWORD, ~/.pgpass or a service file (PGSERVICEFILE) keep it out, as in psql.
        """,
        version: BuildInfo.versionText,
        subcommands: [Open.self, Indexes.self, Explain.self, Check.self, Queries.self, Findings.self, Demo.self],
        defaultSubcommand: Open.self
    )
}

/// Flags every command that connects accepts.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Treat TARGET (or, without one, the PG* variables) as a PostgreSQL connection.")
    var pg = false

    @Flag(name: [.customShort("W"), .customLong("password")], help: "Ask for the password before connecting (PostgreSQL), as psql -W.")
    var forcePasswordPrompt = false

    @Flag(name: [.customShort("w"), .customLong("no-password")], help: "Never ask for a password (PostgreSQL); fail instead, as psql -w.")
    var neverPromptPassword = false
}

/// The terminal UI's colours (the reports are plain text, so only `open` takes these).
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "Colour theme: a name from themes/ or a theme file's path.")
    var theme: String?

    @Flag(name: .long, help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    var colorDisabled: Bool {
        noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}

/// `--also`: the commands that judge usage (indexes, findings, the TUI) count replicas' scans too.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A replica (postgres:// URI or conninfo) whose index usage counts too, so \"unused\" means unused on every server (repeatable).",
        valueName: "TARGET"))
    var also: [String] = []
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
