// The storage names ServiceIndex uses, in one place. They are fixed by the application
// (the Functions triggers and the pipeline's storage adapters use the same literals), so
// they are constants here rather than parameters: renaming one means changing the code too.

@export()
@description('Queues: change batches from Pull to Apply, and the messages Apply gave up on.')
var queueNames = [
  'changes'
  'changes-poison'
]

@export()
@description('Tables: record state with its month counters (one table, so one transaction covers both), scores and the pipeline\'s bookkeeping.')
var tableNames = [
  'ledger'
  'scores'
  'checkpoints'
  'deadletters'
  'snapshots'
  'nationalranking'
  'pipelinestate'
]

@export()
@description('Blob containers the application writes: raw feed pages, and singleton leases.')
var appContainerNames = [
  'feed-archive'
  'leases'
]

