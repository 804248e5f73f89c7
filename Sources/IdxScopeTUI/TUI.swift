import Foundation
import IdxScopeCore

/// How the executable configures the TUI.
public struct TUIOptions: Sendable {
    /// A built-in theme name, a name in a themes directory, or a path to a .theme file.
    public var theme: String?
    /// `--no-color`; `NO_COLOR` in the environment has the same effect.
    public var noColor: Bool
    /// Where the editor's history lives; nil: one file per database under
    /// `$XDG_STATE_HOME/idxscope/histories/`.
    public var historyFile: String?
    public var environment: [String: String]
    /// `--workload FILE`'s statements: the Findings screen then runs the advisor on them.
    public var workload: [WorkloadStatement]?

    public init(theme: String? = nil, noColor: Bool = false, historyFile: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.theme = theme
        self.noColor = noColor
        self.historyFile = historyFile
        self.environment = environment
    }

    /// Throws `ThemeError` when the theme cannot be loaded (checked before connecting).
    public func validateTheme() throws { _ = try resolveTheme() }

    /// The theme these options ask for: monochrome under NO_COLOR/--no-color.
    func resolveTheme() throws -> Theme {
        let chosen = try Theme.load(nameOrPath: theme ?? "dark", environment: environment)
        if noColor || !(environment["NO_COLOR"] ?? "").isEmpty { return Theme.monochrome }
        return chosen
    }
}

nonisolated(unsafe) private var receivedSignal: sig_atomic_t = 0

public enum TUI {
    /// Throws `TUIError.noTerminal` unless stdin and stdout are terminals and TERM is usable;
    /// call it before connecting so that no work (or demo file) is done for nothing.
    public static func checkTerminal(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try Terminal.checkTerminal(environment: environment)
    }

    /// What names a database's history: PostgreSQL's display name (rebuilt from the connection,
    /// without a password), a SQLite file's absolute path (the same file from two directories is
    /// one history).
    static func historyTarget(_ inspector: any Inspector) -> String {
        let name = inspector.displayName
        guard inspector.engine == .sqlite else { return name }
        let path = name.hasPrefix("sqlite:") ? String(name.dropFirst("sqlite:".count)) : name
        guard !path.hasPrefix("file:") else { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Signals that end the session with the terminal restored (Ctrl-C, Ctrl-\\, kill, hang-up).
    static let exitSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Runs the UI until the user quits; returns the exit status (0, or 128+signal after
    /// SIGINT/SIGTERM/SIGHUP/SIGQUIT). Throws `TUIError` (no terminal, unknown TERM) or
    /// `ThemeError` before touching the terminal.
    ///
    /// The loop: read an event → reduce → run the effects → draw. Only the reducer changes the
    /// state; only the `EffectRunner` acts on the world.
    public static func run(inspector: any Inspector, options: TUIOptions) throws -> Int32 {
        let theme = try options.resolveTheme()
        try Terminal.checkTerminal(environment: options.environment)
        let historyFile = options.historyFile
            ?? QueryHistory.defaultFile(forTarget: historyTarget(inspector), environment: options.environment)
        let history = historyFile.map(QueryHistory.load(from:)) ?? QueryHistory()

        receivedSignal = 0
        let handler: @convention(c) (Int32) -> Void = { receivedSignal = $0 }
        let previousHandlers = exitSignals.map { ($0, signal($0, handler)) }
        defer { for (number, previous) in previousHandlers { signal(number, previous) } }

        let terminal = try Terminal(theme: theme, environment: options.environment)
        defer { terminal.restore() }

        var capabilities = Capabilities(engine: inspector.engine, exactBloat: inspector is any ExactBloatMeasuring,
                                        statementStats: inspector is any StatementStatsProviding)
        capabilities.workloadStatements = options.workload?.count
        var state = AppState(capabilities: capabilities, databaseName: inspector.displayName, history: history)
        (state.width, state.height) = terminal.size
        state.now = Date()
        MemoryRelease.useSingleArena()
        let runner = EffectRunner(worker: Worker(inspector: inspector, workload: options.workload), terminal: terminal, historyFile: historyFile)
        var effects: [Effect]
        (state, effects) = Reducer.start(state)
        runner.run(effects)
        runner.draw(state)
        while !state.shouldQuit {
            var actions: [Action] = []
            if let event = terminal.readEvent() {
                switch event {
                case .key(let key): actions.append(.key(key))
                case .paste(let text): actions.append(.paste(text))
                case .mouse(let event): actions.append(.mouse(event))
                case .resize(let width, let height): actions.append(.resize(width: width, height: height))
                }
            }
            if receivedSignal != 0 { actions.append(.interrupted(signal: Int32(receivedSignal))) }
            actions += runner.finishedActions()
            actions.append(.tick(Date()))
            effects = []
            for action in actions {
                let (next, more) = Reducer.reduce(state, action)
                state = next
                effects += more
            }
            runner.run(effects)
            if !state.shouldQuit { runner.draw(state) }
        }
        runner.finish()
        terminal.restore()
        return state.exitSignal.map { 128 + $0 } ?? 0
    }
}
