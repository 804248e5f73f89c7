import Foundation
import IdxScopeCore

public enum ScreenKind: String, CaseIterable, Sendable {
    case indexes, detail, query, queries, help

    public var title: String {
        switch self {
        case .indexes: return "Indexes"
        case .detail: return "Detail"
        case .query: return "Query"
        case .queries: return "Statements"
        case .help: return "Help"
        }
    }
}

/// What the inspector behind the app can do beyond the basic protocol.
public struct Capabilities: Equatable, Sendable {
    public var engine: Engine
    public var exactBloat: Bool
    public var statementStats: Bool
    /// EXPLAIN ANALYZE can run the statement (PostgreSQL); SQLite only has EXPLAIN QUERY PLAN.
    public var explainAnalyze: Bool
    /// The usage counters move while the UI shows them, so they are refreshed on a timer (PostgreSQL).
    public var liveCounters: Bool

    public init(engine: Engine, exactBloat: Bool = false, statementStats: Bool = false) {
        self.engine = engine
        self.exactBloat = exactBloat
        self.statementStats = statementStats
        explainAnalyze = engine == .postgresql
        liveCounters = engine == .postgresql
    }
}

public struct StatusMessage: Equatable, Sendable {
    /// What the message is about, so code asks the kind rather than comparing text.
    public enum Kind: Equatable, Sendable {
        case info
        case error
        /// An ongoing failure (a lost connection): keys do not dismiss it, the condition's end does.
        case condition
        /// Esc asked the running plan to stop; the plan's end (or the cancel deadline) clears it.
        case cancelling
    }

    public var text: String
    public var kind: Kind
    public var isError: Bool { kind == .error || kind == .condition }
    public var sticky: Bool { kind == .condition }

    public init(_ text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }

    public init(_ text: String, isError: Bool = false, sticky: Bool = false) {
        self.init(text, kind: sticky ? .condition : (isError ? .error : .info))
    }
}

/// The whole UI state: a value the reducer transforms and the views draw.
public struct AppState: Equatable, Sendable {
    public var capabilities: Capabilities
    public var databaseName: String
    public var screen: ScreenKind = .indexes
    /// The screen Help or Detail returns to.
    public var returnScreen: ScreenKind = .indexes
    public var width: Int = 80
    public var height: Int = 24
    public var shouldQuit = false
    /// The signal that ended the session (the exit status is 128 + it), nil after q.
    public var exitSignal: Int32?
    public var status: StatusMessage?
    public var now = Date(timeIntervalSince1970: 0)
    public var spinnerFrame = 0

    // Catalog and loading
    public var catalog: Catalog? {
        // Findings depend on the catalog alone: derive them when it changes, not per keystroke.
        didSet { catalogRevision &+= 1 }
    }
    /// Bumped whenever `catalog` is replaced or edited, so per-catalog facts know when to renew
    /// (and the run loop knows to derive the findings again, off the UI thread).
    public var catalogRevision = 0
    /// The most important finding's kind per index (Core's FindingRules), for the list's badges;
    /// the detail asks FindingRules for the one finding it shows.
    public var findingKinds: [IndexID: Finding.Kind] = [:]
    public var space: SpaceReport?
    public var catalogLoading = false
    public var spaceLoading = false
    public var loadedAt: Date?
    public var scanRates: [IndexID: Double] = [:]
    /// PostgreSQL: seconds between counter refreshes (nil: no auto-refresh).
    public var refreshInterval: TimeInterval?
    public static let refreshIntervals: [TimeInterval] = [1, 2, 5, 10, 30, 60]
    /// When the last catalog load failed (nil once one succeeds): retries wait `retryDelay`
    /// from here instead of hammering a lost server every tick.
    public var catalogFailedAt: Date?
    /// Seconds before the next automatic retry; doubles per failure up to `maxRetryDelay`.
    public var retryDelay: TimeInterval?
    public static let firstRetryDelay: TimeInterval = 2
    public static let maxRetryDelay: TimeInterval = 60

    // Index list
    public var filter = ""
    public var filterEditing = false
    public var sort: SortColumn = .table
    public var sortDescending = false
    public var groupByTable = false
    public var lines: [ListLine] = []
    /// Index lines among `lines` (group headings excluded).
    public var shownCount = 0
    public var facts = CatalogFacts()
    /// The widest table, name and columns text among the listed rows.
    public var listedWidths = CatalogFacts.Widths(table: 5, name: 5, columns: 7)
    public var selectedLine = 0
    public var listTop = 0

    // Detail
    public var detailTop = 0
    public var bloatMeasuring: IndexID?

    // Query editor
    public var editor = TextEditor()
    public var history = QueryHistory()
    /// Position in history while walking it (nil: editing the draft).
    public var historyPosition: Int?
    public var draft = ""
    /// The history file could not be written: said once per session, not on every F5.
    public var historySaveWarned = false
    public var analyze = false
    public var plan: QueryPlan?
    public var planError: String?
    public var planRunning = false
    public var planRequest = 0
    public var planTop = 0
    /// Columns of the plan scrolled off to the left (Shift-←/→); 0 for every new plan.
    public var planLeft = 0

    // Statements (pg_stat_statements)
    public var statements: StatementStatsReport?
    public var statementsLoading = false
    public var statementsError: String?
    public var statementSelected = 0
    public var statementsTop = 0

    // Help
    public var helpTop = 0

    public init(capabilities: Capabilities, databaseName: String, history: QueryHistory = QueryHistory()) {
        self.capabilities = capabilities
        self.databaseName = databaseName
        self.history = history
        if capabilities.liveCounters { refreshInterval = 5 }
    }

    /// The catalog with the latest sizes folded in.
    public var records: [IndexRecord] { catalog?.indexes ?? [] }

    public var hasCounters: Bool { facts.hasCounters }

    public var selectedRecord: IndexRecord? {
        guard selectedLine >= 0, selectedLine < lines.count, let index = lines[selectedLine].recordIndex else { return nil }
        return records[index]
    }

    public var isBusy: Bool { catalogLoading || spaceLoading || planRunning || bloatMeasuring != nil || statementsLoading }

    /// What F5 runs: EXPLAIN QUERY PLAN (SQLite), EXPLAIN or EXPLAIN ANALYZE.
    public var explainLabel: String {
        capabilities.explainAnalyze ? (analyze ? "EXPLAIN ANALYZE" : "EXPLAIN") : "EXPLAIN QUERY PLAN"
    }

    /// Index names the current plan reads (marked in the list).
    public var planIndexes: Set<String> { Set(plan?.indexesUsed ?? []) }

    /// Which key-table context applies now.
    public var keyContext: KeyContext {
        switch screen {
        case .indexes: return filterEditing ? .filter : .indexes
        case .detail: return .detail
        case .query: return .query
        case .queries: return .queries
        case .help: return .help
        }
    }

    /// Screens Tab cycles through.
    public var cycle: [ScreenKind] {
        capabilities.statementStats ? [.indexes, .detail, .query, .queries] : [.indexes, .detail, .query]
    }
}
