/// Space figures of one b-tree (a table or an index), accumulated page by page from `dbstat`
/// the way sqlite3_analyzer computes them.
struct BTreeSpace: Equatable {
    var pages: Int64 = 0
    var leafPages: Int64 = 0
    var interiorPages: Int64 = 0
    var overflowPages: Int64 = 0
    /// Sum of `pgsize`: what the b-tree occupies in the file.
    var sizeBytes: Int64 = 0
    var unusedBytes: Int64 = 0
    /// Cells on all pages (sqlite3_analyzer's `nentry`) and on leaves (`leaf_entries`).
    var cells: Int64 = 0
    var leafCells: Int64 = 0
    /// Levels of b-tree pages, root = 1 (overflow chains are not levels).
    var depth = 0
    /// Leaf pages that do not directly follow the previous page in file order.
    var gaps: Int64 = 0

    /// sqlite3_analyzer's "Non-sequential pages" percentage: gaps / (pages − 1).
    var fragmentationPercent: Double {
        pages > 1 ? Double(gaps) * 100 / Double(pages - 1) : 0
    }

    /// Counts sqlite3_analyzer's gaps: visit the pages in page-number order and count each leaf
    /// whose number is not its predecessor's plus one.
    static func countGaps(pageNumbers: inout [Int64], isLeaf: [Bool]) -> Int64 {
        var order = Array(pageNumbers.indices)
        order.sort { pageNumbers[$0] < pageNumbers[$1] }
        var gaps: Int64 = 0
        var previous: Int64 = 0
        for position in order {
            let page = pageNumbers[position]
            if previous > 0, isLeaf[position], page != previous + 1 { gaps += 1 }
            previous = page
        }
        return gaps
    }
}
