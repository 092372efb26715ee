"""数据交换: moving office databases between offices on USB sticks, and merging them losslessly.

Qt-free (tests/test_architecture.py). Merging works on versions (see db.records): importing
inserts the versions this office lacks; a record whose versions have more than one head is a
conflict, kept whole until a person resolves it.
"""
