print("idxscope: work in progress")
