import Foundation
import IdxScopeCore

/// How the executable configures the TUI.
public struct TUIOptions: Sendable {
    /// A built-in theme name, a name in a themes directory, or a path to a .theme file.
    public var theme: String?
    /// `--no-color`; `NO_COLOR` in the environment has the same effect.
    public var noColor: Bool
    /// Where the editor's history lives; nil: `$XDG_STATE_HOME/idxscope/history`.
    public var historyFile: String?
    public var environment: [String: String]

    public init(theme: String? = nil, noColor: Bool = false, historyFile: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.theme = theme
        self.noColor = noColor
        self.historyFile = historyFile
        self.environment = environment
    }

    /// The theme these options ask for: monochrome under NO_COLOR/--no-color.
    public func resolveTheme() throws -> Theme {
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

    /// Runs the UI until the user quits; returns the exit status (0, or 128+signal after
    /// SIGINT/SIGTERM/SIGHUP). Throws `TUIError` (no terminal, unknown TERM) or `ThemeError`
    /// before touching the terminal.
    public static func run(inspector: any Inspector, options: TUIOptions) throws -> Int32 {
        let theme = try options.resolveTheme()
        try Terminal.checkTerminal(environment: options.environment)
        let historyFile = options.historyFile ?? QueryHistory.defaultFile(environment: options.environment)
        let history = historyFile.map(QueryHistory.load(from:)) ?? QueryHistory()

        receivedSignal = 0
        let handler: @convention(c) (Int32) -> Void = { receivedSignal = $0 }
        let previousHandlers = [SIGINT, SIGTERM, SIGHUP].map { ($0, signal($0, handler)) }
        defer { for (number, previous) in previousHandlers { signal(number, previous) } }

        let terminal = try Terminal(theme: theme, environment: options.environment)
        defer { terminal.restore() }

        let capabilities = Capabilities(engine: inspector.engine, exactBloat: inspector is any ExactBloatMeasuring,
                                        statementStats: inspector is any StatementStatsProviding)
        var state = AppState(capabilities: capabilities, databaseName: inspector.displayName, history: history)
        (state.width, state.height) = terminal.size
        state.now = Date()
        let worker = Worker(inspector: inspector)
        var effects: [Effect]
        (state, effects) = Reducer.start(state)

        var lastDrawn: AppState?
        var pendingActions: [Action] = []
        while true {
            for effect in effects { execute(effect, state: state, worker: worker, historyFile: historyFile, actions: &pendingActions) }
            effects = []
            if receivedSignal != 0 { break }
            // Draw only when something other than the clock changed.
            var comparable = state
            comparable.now = Date(timeIntervalSince1970: 0)
            if comparable != lastDrawn {
                terminal.draw(Renderer.render(state))
                lastDrawn = comparable
            }
            var actions = pendingActions
            pendingActions = []
            if let event = terminal.readEvent() {
                switch event {
                case .key(let key): actions.append(.key(key))
                case .resize(let width, let height): actions.append(.resize(width: width, height: height))
                }
            }
            actions += worker.drain()
            actions.append(.tick(Date()))
            for action in actions {
                let (next, more) = Reducer.reduce(state, action)
                state = next
                effects += more
            }
            if state.shouldQuit { break }
        }
        if state.planRunning || state.bloatMeasuring != nil { worker.cancel(pendingPlan: state.planRequest) }
        terminal.restore()
        return receivedSignal != 0 ? 128 + Int32(receivedSignal) : 0
    }

    private static func execute(_ effect: Effect, state: AppState, worker: Worker, historyFile: String?, actions: inout [Action]) {
        switch effect {
        case .cancelRunningCall:
            worker.cancel(pendingPlan: state.planRunning ? state.planRequest : nil)
        case .saveHistory(let entries):
            guard let historyFile else { return }
            do { try QueryHistory.save(entries, to: historyFile) }
            catch { actions.append(.historySaveFailed(Worker.message(error))) }
        default:
            worker.submit(effect)
        }
    }
}
