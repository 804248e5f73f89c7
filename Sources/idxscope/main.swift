import IdxScopeCore
print("idxscope")
