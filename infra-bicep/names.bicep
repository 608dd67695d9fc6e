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
@description('Tables: the ledger (record state with its month counters, one table per bucket so one transaction covers both; the application\'s default Pipeline:BucketCount of 16 buckets, ledger00 to ledger15), scores and the pipeline\'s bookkeeping.')
var tableNames = [
  'ledger00'
  'ledger01'
  'ledger02'
  'ledger03'
  'ledger04'
  'ledger05'
  'ledger06'
  'ledger07'
  'ledger08'
  'ledger09'
  'ledger10'
  'ledger11'
  'ledger12'
  'ledger13'
  'ledger14'
  'ledger15'
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

