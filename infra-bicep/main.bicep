// ServiceIndex in Azure: one resource group holding a Flex Consumption function app, its
// storage, Key Vault, monitoring and a user-assigned identity. Deployed by `azd up`
// (see docs/deploy.md); names derive from the azd environment so environments never clash.
targetScope = 'subscription'

import { queueNames, tableNames, appContainerNames } from 'names.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the unique suffix of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for all resources; it must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty derives rg-<environment>.')
param resourceGroupName string = ''

@description('Function app name; empty derives a unique one.')
param functionAppName string = ''

@description('Storage account name; empty derives a unique one.')
param storageAccountName string = ''

@description('Key Vault name; empty derives a unique one.')
param keyVaultName string = ''

@description('Application Insights name; empty derives a unique one.')
param applicationInsightsName string = ''

@description('Log Analytics workspace name; empty derives a unique one.')
param logAnalyticsName string = ''

@description('User-assigned identity name; empty derives a unique one.')
param identityName string = ''

@description('Base URL of the procedure system\'s change feed.')
param feedBaseUrl string

@secure()
@description('API key for the change feed; stored in Key Vault, never in app settings.')
param feedApiKey string

@secure()
@description('Username of the province\'s sync module for the national sync push (/api/dvcqg); stored in Key Vault. Empty: the push is off.')
param dvcqgUsername string = ''

@secure()
@description('Password of the province\'s sync module; stored in Key Vault, never in app settings. Empty: the push is off.')
param dvcqgPassword string = ''

// Flex Consumption has no WEBSITE_TIME_ZONE, so both schedules are UTC.
@description('Six-field CRON (UTC, seconds first) of the Pull timer. Default: every 15 seconds.')
param pullSchedule string = '*/15 * * * * *'

@description('Six-field CRON (UTC, seconds first) of the score Refresh timer (deadlines pass with no event). Default: every 15 seconds, 5 s after the pull.')
param refreshSchedule string = '5/15 * * * * *'

// 17:05 UTC = 00:05 the next day in Vietnam (UTC+7, no daylight saving).
@description('Six-field CRON (UTC, seconds first) of the nightly Recompute. Default: 00:05 Vietnam time.')
param recomputeSchedule string = '0 5 17 * * *'

@description('Base URL of the national portal whose published scores are read daily (the part before /api/v1/reporting/…, e.g. https://dichvucong.gov.vn). Empty: the reader is off.')
param nationalPortalBaseUrl string = ''

// 19:00 UTC = 02:00 the next day in Vietnam.
@description('Six-field CRON (UTC, seconds first) of the national portal read. Default: daily 02:00 Vietnam time.')
param nationalPortalSchedule string = '0 0 19 * * *'

@description('Our province\'s departmentId on the national portal (its row of the national table; the root of its unit trees).')
param nationalPortalProvinceId string = ''

@description('Comma-separated origins allowed to call the API from a browser, e.g. https://index.example.gov.vn.')
param corsAllowedOrigins string = ''

@description('Entra ID tenant that issues admin tokens; empty uses the deployment tenant.')
param adminTenantId string = ''

@description('Audience admin tokens must carry (the API app registration\'s application ID URI or client id). Empty rejects every admin call.')
param adminAudience string = ''

@description('Most instances Flex Consumption may scale out to (40 is the smallest allowed).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

var abbrs = loadJsonContent('abbreviations.json')
@description('Resource ID of an existing action group the operations alerts notify (docs/operations.md). Empty: none.')
param alertActionGroupId string = ''

@description('An email address the operations alerts are sent to (an action group is created). Empty: no email.')
param alertEmailAddress string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// Names are computed here, before deployment, rather than read from module outputs: What-If
// (`azd provision --preview`) can then predict the role assignments and app settings exactly.
var appName = !empty(functionAppName) ? functionAppName : '${abbrs.webSitesFunctions}api-${resourceToken}'
var storageName = !empty(storageAccountName) ? storageAccountName : '${abbrs.storageStorageAccounts}${resourceToken}'
var vaultName = !empty(keyVaultName) ? keyVaultName : '${abbrs.keyVaultVaults}${resourceToken}'
var insightsName = !empty(applicationInsightsName) ? applicationInsightsName : '${abbrs.insightsComponents}${resourceToken}'
var workspaceName = !empty(logAnalyticsName) ? logAnalyticsName : '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
var apiIdentityName = !empty(identityName) ? identityName : '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
// Flex Consumption pulls the app package from this container; one per app.
var deploymentContainerName = 'app-package-${take(toLower(appName), 32)}-${take(toLower(uniqueString(appName, resourceToken)), 7)}'
var corsOrigins = filter(map(split(corsAllowedOrigins, ','), origin => trim(origin)), origin => !empty(origin))

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: apiIdentityName
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: workspaceName
    applicationInsightsName: insightsName
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageName
    location: location
    tags: tags
    containerNames: appContainerNames
    deploymentContainerName: deploymentContainerName
    queueNames: queueNames
    tableNames: tableNames
  }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: vaultName
    location: location
    tags: tags
    feedApiKey: feedApiKey
    dvcqgUsername: dvcqgUsername
    dvcqgPassword: dvcqgPassword
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityName: apiIdentityName
    storageAccountName: storageName
    applicationInsightsName: insightsName
    keyVaultName: vaultName
  }
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: appName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: insightsName
    feedBaseUrl: feedBaseUrl
    feedApiKeySecretUri: keyVault.outputs.feedApiKeySecretUri
    dvcqgVaultUri: keyVault.outputs.dvcqgVaultUri
    pullSchedule: pullSchedule
    refreshSchedule: refreshSchedule
    recomputeSchedule: recomputeSchedule
    nationalPortalBaseUrl: nationalPortalBaseUrl
    nationalPortalSchedule: nationalPortalSchedule
    nationalPortalProvinceId: nationalPortalProvinceId
    corsAllowedOrigins: corsOrigins
    adminTenantId: !empty(adminTenantId) ? adminTenantId : tenant().tenantId
    adminAudience: adminAudience
    maximumInstanceCount: maximumInstanceCount
  }
  // Start the app only once its identity can reach storage, telemetry and the vault.
  dependsOn: [
    storage
    monitoring
    rbac
  ]
}

// Alert rules on the pipeline's telemetry and the operations workbook (docs/operations.md).
module operations 'core/operations.bicep' = {
  name: 'operations'
  scope: rg
  params: {
    applicationInsightsName: insightsName
    location: location
    tags: tags
    actionGroupId: alertActionGroupId
    alertEmailAddress: alertEmailAddress
  }
  dependsOn: [
    monitoring
  ]
}

// Outputs become azd environment variables (`azd env get-values`).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = functions.outputs.name
output SERVICE_API_NAME string = functions.outputs.name
output AZURE_FUNCTION_APP_URL string = functions.outputs.uri
output AZURE_API_URL string = '${functions.outputs.uri}/api'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
