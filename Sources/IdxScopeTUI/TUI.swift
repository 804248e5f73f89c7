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
        MemoryRelease.useSingleArena()
        let worker = Worker(inspector: inspector)
        var effects: [Effect]
        (state, effects) = Reducer.start(state)

        var lastDrawn: AppState?
        var findingsRequested = -1
        var pendingActions: [Action] = []
        var releaseFreedMemory = false
        while true {
            if effects.contains(.repaintTerminal) {
                terminal.repaintEverything()
                lastDrawn = nil
            }
            for effect in effects where effect != .repaintTerminal { execute(effect, state: state, worker: worker, historyFile: historyFile, actions: &pendingActions) }
            effects = []
            if let catalog = state.catalog, state.catalogRevision != findingsRequested {
                findingsRequested = state.catalogRevision
                worker.deriveFindingKinds(catalog, revision: state.catalogRevision, now: state.now)
            }
            if receivedSignal != 0 { break }
            // Draw only when something other than the clock changed.
            var comparable = state
            comparable.now = Date(timeIntervalSince1970: 0)
            if comparable != lastDrawn {
                terminal.draw(Renderer.render(state))
                lastDrawn = comparable
            }
            if releaseFreedMemory {
                // A reload frees the previous catalog (built on the worker's malloc arena); without
                // a trim those pages stay resident and 10,000 indexes grow RSS by ~20 MiB per refresh.
                releaseFreedMemory = false
                MemoryRelease.trim()
            }
            var actions = pendingActions
            pendingActions = []
            if let event = terminal.readEvent() {
                switch event {
                case .key(let key): actions.append(.key(key))
                case .paste(let text): actions.append(.paste(text))
                case .resize(let width, let height): actions.append(.resize(width: width, height: height))
                }
            }
            actions += worker.drain()
            actions.append(.tick(Date()))
            for action in actions {
                switch action {
                case .catalogLoaded, .spaceLoaded, .findingKindsDerived: releaseFreedMemory = true
                default: break
                }
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
            catch { actions.append(.historySaveFailed((error as? HistoryFileError)?.message ?? Worker.message(error))) }
        default:
            worker.submit(effect)
        }
    }
}

/// glibc's malloc_trim, looked up at run time: Swift's Glibc module does not export <malloc.h>,
/// and other C libraries simply do without.
enum MemoryRelease {
    private typealias Trim = @convention(c) (Int) -> Int32
    private typealias Option = @convention(c) (Int32, Int32) -> Int32
    private static let M_ARENA_MAX: Int32 = -8

    private static func lookUp<F>(_ name: String, as type: F.Type) -> F? {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
        #else
        return nil
        #endif
    }

    /// Returns free pages of every malloc arena to the system.
    static func trim() { _ = lookUp("malloc_trim", as: Trim.self)?(0) }

    /// One malloc arena: the worker thread builds each catalog, and a second arena keeps its
    /// fragments resident (~8 MiB more with 10,000 indexes) even after a trim. Two threads
    /// hardly contend for it.
    static func useSingleArena() { _ = lookUp("mallopt", as: Option.self)?(M_ARENA_MAX, 1) }
}
