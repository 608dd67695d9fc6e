// Operations: alert rules on the pipeline's telemetry (docs/operations.md says what each means and what to do) and a
// workbook of the metrics. The rules are log search alerts over Application Insights, where the Functions worker's
// OpenTelemetry exporter writes the meter ServiceIndex.Pipeline (customMetrics) and the invocations (requests).

import { tagsType } from '../types.bicep'

@description('Name of the Application Insights component the app writes to.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags tagsType

@description('Resource ID of an existing action group the alerts notify. Empty: none beyond alertEmailAddress.')
param actionGroupId string = ''

@description('An address that receives the alerts by email (creates an action group). Empty: no email.')
param alertEmailAddress string = ''

@description('Feed lag, in seconds, above which the feed-lag alert fires.')
param feedLagThresholdSeconds int = 900

@description('Feed items dead-lettered within an hour above which the dead-letter alert fires.')
param deadLetterThresholdPerHour int = 100

@description('Minutes without a completed score refresh after which the staleness alert fires.')
param refreshStaleMinutes int = 30

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource emailGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmailAddress)) {
  name: 'ag-serviceindex-${uniqueString(resourceGroup().id)}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'svcindex'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroups = concat(empty(actionGroupId) ? [] : [actionGroupId], empty(alertEmailAddress) ? [] : [emailGroup.id])

// One rule per alert of docs/operations.md; the anchor names its runbook section.
var rules = [
  {
    name: 'feed-lag'
    severity: 2
    description: 'The feed is read more than ${feedLagThresholdSeconds} s behind its newest change (docs/operations.md#alert-feed-lag).'
    query: 'customMetrics | where name == "serviceindex.feed.lag" | summarize lag = max(valueMax)'
    measure: 'lag'
    operator: 'GreaterThan'
    threshold: feedLagThresholdSeconds
    window: 'PT15M'
    frequency: 'PT5M'
  }
  {
    name: 'dead-letter-growth'
    severity: 3
    description: 'More than ${deadLetterThresholdPerHour} feed items were refused and dead-lettered within an hour (docs/operations.md#alert-dead-letter-growth).'
    query: 'customMetrics | where name == "serviceindex.records.rejected" | summarize rejected = sum(valueSum)'
    measure: 'rejected'
    operator: 'GreaterThan'
    threshold: deadLetterThresholdPerHour
    window: 'PT1H'
    frequency: 'PT15M'
  }
  {
    name: 'poison-messages'
    severity: 2
    description: 'Work messages failed five times and wait in changes-poison (docs/operations.md#alert-poison-messages).'
    query: 'customMetrics | where name == "serviceindex.poison.messages" | summarize poison = max(valueMax)'
    measure: 'poison'
    operator: 'GreaterThan'
    threshold: 0
    window: 'PT15M'
    frequency: 'PT5M'
  }
  {
    name: 'function-failures'
    severity: 2
    description: 'Function invocations failed (docs/operations.md#alert-function-failures).'
    query: 'requests | summarize failures = countif(success == false)'
    measure: 'failures'
    operator: 'GreaterThan'
    threshold: 5
    window: 'PT15M'
    frequency: 'PT5M'
  }
  {
    name: 'refresh-staleness'
    severity: 2
    description: 'No score refresh completed in ${refreshStaleMinutes} minutes: the scores served are getting stale (docs/operations.md#alert-refresh-staleness).'
    // summarize without "by" always yields one row, so "no refresh at all" reads as 0, not as no data.
    query: 'customMetrics | summarize refreshes = sumif(valueCount, name == "serviceindex.refresh.duration")'
    measure: 'refreshes'
    operator: 'LessThan'
    threshold: 1
    window: 'PT${refreshStaleMinutes}M'
    frequency: 'PT5M'
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for rule in rules: {
    name: 'alert-serviceindex-${rule.name}'
    location: location
    tags: tags
    properties: {
      displayName: 'ServiceIndex: ${rule.name}'
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Total'
            metricMeasureColumn: rule.measure
            operator: rule.operator
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: actionGroups
      }
    }
  }
]

// The workbook: lag, throughput, dead letters, queue, refresh and freshness over the chosen range.
var charts = [
  {
    title: 'Feed lag and cursor age (s)'
    query: 'customMetrics | where name in ("serviceindex.feed.lag", "serviceindex.feed.cursor_age") | summarize max(valueMax) by name, bin(timestamp, 1m) | render timechart'
  }
  {
    title: 'Records read, applied and dead-lettered per minute'
    query: 'customMetrics | where name in ("serviceindex.feed.items", "serviceindex.records.applied", "serviceindex.records.rejected") | summarize sum(valueSum) by name, bin(timestamp, 1m) | render timechart'
  }
  {
    title: 'Queue depth, oldest message age (s) and poison messages'
    query: 'customMetrics | where name in ("serviceindex.queue.depth", "serviceindex.queue.oldest_age", "serviceindex.poison.messages") | summarize max(valueMax) by name, bin(timestamp, 1m) | render timechart'
  }
  {
    title: 'Refresh duration and freshness (s, mean)'
    query: 'customMetrics | where name in ("serviceindex.refresh.duration", "serviceindex.freshness") | summarize sum(valueSum) / sum(valueCount) by name, bin(timestamp, 5m) | render timechart'
  }
  {
    title: 'API request duration by route (s, mean)'
    query: 'customMetrics | where name == "http.server.request.duration" | extend route = tostring(customDimensions["http.route"]) | summarize sum(valueSum) / sum(valueCount) by route, bin(timestamp, 5m) | render timechart'
  }
  {
    title: 'Storage transactions by service per minute'
    query: 'customMetrics | where name == "serviceindex.storage.transactions" | extend service = tostring(customDimensions["service"]) | summarize sum(valueSum) by service, bin(timestamp, 1m) | render timechart'
  }
]

var workbookItems = [
  for (chart, i) in charts: {
    type: 3
    name: 'chart-${i}'
    content: {
      version: 'KqlItem/1.0'
      title: chart.title
      query: chart.query
      size: 0
      timeContext: {
        durationMs: 3600000
      }
      queryType: 0
      resourceType: 'microsoft.insights/components'
      visualization: 'timechart'
    }
  }
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'serviceindex-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'ServiceIndex operations'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string({
      version: 'Notebook/1.0'
      items: workbookItems
      isLocked: false
    })
  }
}

output alertRuleNames string[] = [for (rule, i) in rules: alerts[i].name]
output workbookId string = workbook.id
