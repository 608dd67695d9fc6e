// The one storage account: Functions host state (AzureWebJobsStorage), the deployment package
// container of Flex Consumption, and all of ServiceIndex's queues, tables and blobs.
// Every client, the Functions host included, connects with the managed identity.

import { tagsType } from '../types.bicep'

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the account.')
param tags tagsType

@description('Blob containers the application writes.')
param containerNames string[]

@description('Blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Queues to create.')
param queueNames string[]

@description('Tables to create.')
param tableNames string[]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    // LRS: every table can be rebuilt from the feed archive and the procedure system, so
    // geo-redundancy would double the cost for data we can recreate.
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    // Disable local authentication (account keys and SAS): only Entra ID identities with RBAC
    // roles get in, so there is no key to leak, rotate or find in an app setting.
    allowSharedKeyAccess: false
    // Tools such as the portal default to Entra ID too, consistent with the line above.
    defaultToOAuthAuthentication: true
    // Reject plain HTTP: tokens and dossier data only travel encrypted.
    supportsHttpsTrafficOnly: true
    // Enforce TLS 1.2 or newer; older protocol versions have known weaknesses.
    minimumTlsVersion: 'TLS1_2'
    // No anonymous reads: feed pages and leases are never public, whatever a container says.
    allowBlobPublicAccess: false
    // Nothing in here should be replicated to other tenants.
    allowCrossTenantReplication: false
    // Flex Consumption without a virtual network reaches storage over its public endpoint;
    // identity and RBAC guard access. Move to private endpoints with VNet integration later.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource containers 'containers' = [
      for containerName in containerNames: {
        name: containerName
        properties: {
          publicAccess: 'None'
        }
      }
    ]

    // `azd deploy` uploads the zip here; the app reads it with its identity at start-up.
    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource queues 'queues' = [
      for queueName in queueNames: {
        name: queueName
      }
    ]
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource tables 'tables' = [
      for tableName in tableNames: {
        name: tableName
      }
    ]
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
