// The user-assigned identity the function app runs as. A user-assigned identity (rather than
// the site's system identity) exists before the site does, so its roles can be granted first
// and the app starts with working storage access instead of failing until RBAC catches up.

import { tagsType } from '../types.bicep'

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags tagsType

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
