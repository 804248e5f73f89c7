import Foundation
import IdxScopeCore

/// Measures what a keystroke costs with a large synthetic catalog: the reducer plus a full
/// render into the in-memory screen (the ncurses copy is not included). For a bench
/// executable or script, not for tests.
public enum RenderBenchmark {
    public struct Figures: Sendable, CustomStringConvertible {
        var indexCount: Int
        var filterKeystrokeMs: (median: Double, max: Double)
        var pageScrollMs: (median: Double, max: Double)
        /// A sort change re-sorts and re-derives per-catalog facts (findings included).
        var sortKeystrokeMs: (median: Double, max: Double)
        public var description: String {
            String(format: "%d indexes: filter keystroke median %.2f ms (max %.2f), page scroll median %.2f ms (max %.2f), sort keystroke median %.2f ms (max %.2f)",
                   indexCount, filterKeystrokeMs.median, filterKeystrokeMs.max, pageScrollMs.median, pageScrollMs.max,
                   sortKeystrokeMs.median, sortKeystrokeMs.max)
        }
    }

    /// A catalog of `count` indexes over count/5 tables with sizes and counters.
    static func syntheticCatalog(count: Int) -> Catalog {
        let records = (0..<count).map { n -> IndexRecord in
            let table = "table_\(n / 5)"
            let info = IndexInfo(schema: "public", table: table, name: "idx_\(table)_col\(n % 5)",
                                 keyColumns: [IndexInfo.Column(name: "col\(n % 5)"), IndexInfo.Column(name: "created_at")],
                                 unique: n % 7 == 0, definition: "CREATE INDEX idx_\(table)_col\(n % 5) ON \(table) (col\(n % 5), created_at)")
            return IndexRecord(info: info, usage: IndexUsage(scans: Int64(n % 11 == 0 ? 0 : n * 3)),
                               space: IndexSpace(sizeBytes: Int64(8192 * (1 + n % 97)), bloatBytes: Int64(n % 13 * 1024)))
        }
        // A stats-since date like PostgreSQL's, so the header's date formatting is in every frame.
        return Catalog(engine: .postgresql, database: "bench", serverVersion: "15",
                       statsSince: Date(timeIntervalSince1970: 1_790_000_000), indexes: records, sizesLoaded: true)
    }

    public static func run(indexCount: Int = 10_000, width: Int = 120, height: Int = 40, repetitions: Int = 30) -> Figures {
        var state = AppState(capabilities: Capabilities(engine: .postgresql), databaseName: "bench")
        state = Reducer.reduce(state, .resize(width: width, height: height)).0
        let catalog = syntheticCatalog(count: indexCount)
        state = Reducer.reduce(state, .catalogLoaded(catalog, at: Date())).0
        // As the run loop does after a load: the finding badges, derived off the UI thread.
        state = Reducer.reduce(state, .findingKindsDerived(FindingRules.kinds(in: catalog), revision: state.catalogRevision)).0
        func time(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        }
        func summary(_ samples: [Double]) -> (median: Double, max: Double) {
            let sorted = samples.sorted()
            return (sorted[sorted.count / 2], sorted.last ?? 0)
        }
        // Filter: type "col3" then clear it, one keystroke (reduce + render) at a time.
        var filterSamples: [Double] = []
        state = Reducer.reduce(state, .key(.char("/"))).0
        for _ in 0..<repetitions {
            for key in [Key.char("c"), .char("o"), .char("l"), .char("3"), .backspace, .backspace, .backspace, .backspace] {
                filterSamples.append(time {
                    state = Reducer.reduce(state, .key(key)).0
                    _ = Renderer.render(state)
                })
            }
        }
        state = Reducer.reduce(state, .key(.escape)).0
        var scrollSamples: [Double] = []
        for n in 0..<repetitions * 4 {
            let key: Key = n % 40 < 20 ? .pageDown : .pageUp
            scrollSamples.append(time {
                state = Reducer.reduce(state, .key(key)).0
                _ = Renderer.render(state)
            })
        }
        var sortSamples: [Double] = []
        for _ in 0..<max(4, repetitions / 3) {
            sortSamples.append(time {
                state = Reducer.reduce(state, .key(.char("s"))).0
                _ = Renderer.render(state)
            })
        }
        return Figures(indexCount: indexCount, filterKeystrokeMs: summary(filterSamples), pageScrollMs: summary(scrollSamples),
                       sortKeystrokeMs: summary(sortSamples))
    }
}
