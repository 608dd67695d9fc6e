// Key Vault for the procedure system's feed API key. The function app reads it through a
// Key Vault reference, so the key never appears in app settings or deployment outputs.

import { tagsType } from '../types.bicep'

@description('Name of the vault (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the vault.')
param tags tagsType

@description('Name of the secret that holds the feed API key.')
param feedApiKeySecretName string = 'feed-api-key'

@secure()
@description('The feed API key issued by the procedure system.')
param feedApiKey string

@secure()
@description('Username the province\'s sync module logs in with at /api/dvcqg/auth; empty with the password: the push is off.')
param dvcqgUsername string = ''

@secure()
@description('Password of the province\'s sync module; empty: the national sync push is off.')
param dvcqgPassword string = ''

var dvcqgEnabled = !empty(dvcqgUsername) && !empty(dvcqgPassword)

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // RBAC mode instead of access policies: who may read secrets is an ordinary Azure role
    // assignment (Key Vault Secrets User), reviewed and audited like every other one.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource feedApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: feedApiKeySecretName
  properties: {
    value: feedApiKey
    contentType: 'text/plain'
  }
}

// The national sync credentials (interfaces.md: Dvcqg:Username, Dvcqg:Password), only when the push is on.
resource dvcqgUsernameSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (dvcqgEnabled) {
  parent: vault
  name: 'dvcqg-username'
  properties: {
    value: dvcqgUsername
    contentType: 'text/plain'
  }
}

resource dvcqgPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (dvcqgEnabled) {
  parent: vault
  name: 'dvcqg-password'
  properties: {
    value: dvcqgPassword
    contentType: 'text/plain'
  }
}

output name string = vault.name
output id string = vault.id
output endpoint string = vault.properties.vaultUri
// The version-less URI: the app follows rotations without a redeploy.
output feedApiKeySecretUri string = feedApiKeySecret.properties.secretUri
// Where the national sync secrets live (the vault's URI: the secrets are secrets/dvcqg-username and secrets/dvcqg-password, version-less); empty when the push is off.
output dvcqgVaultUri string = dvcqgEnabled ? vault.properties.vaultUri : ''
