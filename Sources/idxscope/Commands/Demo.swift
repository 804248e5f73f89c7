import ArgumentParser
import Foundation
import IdxScopeCore
import IdxScopeSQLite

/// `idxscope demo [PATH]`: writes the demo database and its workload (PATH with .sql).
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the demo SQLite database and its sample workload.")

    @Argument(help: "Where to write the database.")
    var path: String = "idxscope-demo.db"

    func run() throws {
        let workloadPath = (path as NSString).deletingPathExtension + ".sql"
        let workload = Data(DemoDatabase.workload.utf8)
        // Never write over a user's file: the workload may only replace an earlier demo workload.
        guard workloadPath != path else {
            throw IdxScopeError(.input, "\(path): the demo database needs a name not ending in .sql (its workload goes there)")
        }
        if let existing = FileManager.default.contents(atPath: workloadPath), existing != workload {
            throw IdxScopeError(.input, "\(workloadPath) exists and is not the demo workload; choose another PATH")
        }
        try DemoDatabase.write(to: path)
        guard FileManager.default.createFile(atPath: workloadPath, contents: workload) else {
            throw IdxScopeError(.input, "cannot write \(workloadPath)")
        }
        Console.write("wrote \(path) and \(workloadPath)\n")
        Console.write("try: idxscope \(path)    or: idxscope check \(path) --queries \(workloadPath)\n")
    }
}
