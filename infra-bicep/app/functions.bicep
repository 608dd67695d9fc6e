// The Flex Consumption plan and the function app that hosts ServiceIndex.Functions:
// the Pull and Recompute timers, the Apply queue worker and the HTTP API.

import { tagsType } from '../types.bicep'

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the plan and the app.')
param tags tagsType

@description('azd service name from azure.yaml; azd deploy finds the app by this tag.')
param serviceName string = 'api'

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity, for identity-based connections.')
param identityClientId string

@description('Storage account for host state, the deployment package and ServiceIndex data.')
param storageAccountName string

@description('Blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Application Insights component receiving telemetry.')
param applicationInsightsName string

@description('Base URL of the procedure system\'s change feed.')
param feedBaseUrl string

@description('Version-less URI of the Key Vault secret holding the feed API key.')
param feedApiKeySecretUri string

@description('URI of the Key Vault holding the national sync secrets dvcqg-username and dvcqg-password; empty: the push is off.')
param dvcqgVaultUri string = ''

@description('Six-field CRON (UTC) of the Pull timer.')
param pullSchedule string

@description('Six-field CRON (UTC) of the score Refresh timer.')
param refreshSchedule string

@description('Six-field CRON (UTC) of the Recompute timer.')
param recomputeSchedule string

@description('Base URL of the national portal\'s published scores; empty: the reader is off.')
param nationalPortalBaseUrl string

@description('Six-field CRON (UTC) of the NationalPortal timer.')
param nationalPortalSchedule string

@description('Our province\'s departmentId on the national portal.')
param nationalPortalProvinceId string

@description('Origins allowed to call the HTTP API from a browser.')
param corsAllowedOrigins string[]

@description('Entra ID tenant that issues admin bearer tokens.')
param adminTenantId string

@description('Audience (application ID URI or client id) admin tokens must carry.')
param adminAudience string

@description('Upper bound on instances the plan may scale out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// .NET 10 isolated worker: the newest .NET that Flex Consumption runs, matching net10.0
// in Directory.Build.props. Flex Consumption takes the runtime here, not from the
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION settings (they are rejected).
var runtimeName = 'dotnet-isolated'
var runtimeVersion = '10.0'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Linux: Flex Consumption only runs on Linux.
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Resolve @Microsoft.KeyVault(...) settings with the user-assigned identity (the default
    // would be a system-assigned identity, which this app does not have).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      // The platform answers CORS preflights for the API; it takes precedence over any CORS
      // middleware in the worker, so the origin list lives here.
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            // The package is fetched with the identity: no storage key or SAS in a setting.
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  // Every setting is identity-based or a Key Vault reference: no account key, SAS or
  // storage connection string anywhere.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Functions host storage through the managed identity.
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      // ServiceIndex's own storage clients (Storage:AccountName in the configuration contract).
      Storage__AccountName: storage.name
      Storage__ClientId: identityClientId
      // Completes the identity-based connection named "Storage", so a trigger may also bind
      // with Connection = "Storage" (the default, AzureWebJobsStorage, is the same account).
      Storage__credential: 'managedidentity'
      // DefaultAzureCredential picks the user-assigned identity from this variable.
      AZURE_CLIENT_ID: identityClientId
      // Telemetry endpoint only; ingestion is authorised by the identity (local auth is off).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      Feed__BaseUrl: feedBaseUrl
      Feed__ApiKey: '@Microsoft.KeyVault(SecretUri=${feedApiKeySecretUri})'
      // Flex Consumption has no WEBSITE_TIME_ZONE: timers are evaluated in UTC.
      Pipeline__PullSchedule: pullSchedule
      Pipeline__RefreshSchedule: refreshSchedule
      Pipeline__RecomputeSchedule: recomputeSchedule
      // The national portal's published scores, read daily (empty base URL: off; the timer still needs its schedule).
      NationalPortal__BaseUrl: nationalPortalBaseUrl
      NationalPortal__Schedule: nationalPortalSchedule
      NationalPortal__ProvinceId: nationalPortalProvinceId
      // Admin endpoints accept Entra ID bearer tokens for this tenant and audience only.
      Admin__EntraTenantId: adminTenantId
      Admin__Audience: adminAudience
      // The national sync push (POST /api/dvcqg) logs its sender in with these Key Vault secrets; empty: the push is off.
      Dvcqg__Username: empty(dvcqgVaultUri) ? '' : '@Microsoft.KeyVault(SecretUri=${dvcqgVaultUri}secrets/dvcqg-username)'
      Dvcqg__Password: empty(dvcqgVaultUri) ? '' : '@Microsoft.KeyVault(SecretUri=${dvcqgVaultUri}secrets/dvcqg-password)'
    }
  }

  // Deployments go through azd with Entra ID tokens; basic (user/password) publishing is off.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
