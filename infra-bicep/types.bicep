// Types shared by the modules.

@export()
@description('Resource tags: string values only (azd-env-name, azd-service-name).')
type tagsType = {
  *: string
}
