// The settings a knife config may set. chef-config accepts any name (it is not in strict mode),
// so a misspelt setting or a Ruby method pushy does not run (`send(:node_name, "bob")`) would
// otherwise be stored quietly under a made-up name; pushy accepts only these and refuses the rest
// with the file and line. The chef-config lists are its configurables (chef-config 16); the
// cross-check test fails if the installed chef-config has a setting missing here.

// chef-config's configurables.
const CHEF_CONFIG_SETTINGS = [
  'acl_path', 'allowed_automatic_attributes', 'allowed_default_attributes', 'allowed_normal_attributes',
  'allowed_override_attributes', 'always_dump_stacktrace', 'authentication_protocol_version',
  'automatic_attribute_blacklist', 'automatic_attribute_whitelist', 'blocked_automatic_attributes',
  'blocked_default_attributes', 'blocked_normal_attributes', 'blocked_override_attributes',
  'cache_options', 'cache_path', 'checksum_path', 'chef_guid', 'chef_guid_path', 'chef_repo_path',
  'chef_server_root', 'chef_server_url', 'clear_gem_sources', 'client_d_dir', 'client_fork', 'client_key',
  'client_key_contents', 'client_key_path', 'client_path', 'client_registration_retries', 'color',
  'config_d_dir', 'config_dir', 'config_file', 'container_path', 'cookbook_artifact_path', 'cookbook_path',
  'cookbook_sync_threads', 'count_log_resource_updates', 'daemonize', 'data_bag_decrypt_minimum_version',
  'data_bag_encrypt_version', 'data_bag_path', 'default_attribute_blacklist',
  'default_attribute_whitelist', 'deployment_group', 'diff_disabled', 'diff_filesize_threshold',
  'diff_output_threshold', 'disable_event_loggers', 'download_progress_interval', 'enable_reporting',
  'enable_reporting_url_fatals', 'enable_selinux_file_permission_fixup', 'encrypted_data_bag_secret',
  'enforce_default_paths', 'enforce_path_sanity', 'environment_path', 'event_handlers',
  'exception_handlers', 'ez', 'file_atomic_update', 'file_backup_path', 'file_cache_path',
  'file_staging_uses_destdir', 'fips', 'follow_client_key_symlink', 'force_formatter', 'force_logger',
  'formatter', 'formatters', 'ftp_proxy', 'ftp_proxy_pass', 'ftp_proxy_user', 'group', 'group_path',
  'group_valid_regex', 'http_disable_auth_on_redirect', 'http_proxy', 'http_proxy_pass', 'http_proxy_user',
  'http_retry_count', 'http_retry_delay', 'https_proxy', 'https_proxy_pass', 'https_proxy_user',
  'internal_locale', 'interval', 'json_attribs', 'listen', 'local_key_generation', 'local_mode',
  'lockfile', 'log_level', 'log_location', 'minimal_ohai', 'named_run_list', 'no_lazy_load', 'no_proxy',
  'node_name', 'node_path', 'normal_attribute_blacklist', 'normal_attribute_whitelist',
  'ohai_segment_plugin_path', 'once', 'override_attribute_blacklist', 'override_attribute_whitelist',
  'pid_file', 'policy_document_native_api', 'policy_group', 'policy_group_path', 'policy_name',
  'policy_path', 'profile', 'recipe_url', 'repo_mode', 'report_handlers', 'resource_unified_mode_default',
  'rest_timeout', 'role_path', 'ruby_encoding', 'rubygems_cache_enabled', 'rubygems_url',
  'run_lock_timeout', 'script_path', 'show_download_progress', 'silence_deprecation_warnings', 'solo',
  'solo_d_dir', 'solo_legacy_mode', 'splay', 'ssh_agent_signing', 'ssl_ca_file', 'ssl_ca_path',
  'ssl_client_cert', 'ssl_client_key', 'ssl_verify_mode', 'start_handlers', 'stream_execute_output',
  'syntax_check_cache_path', 'target', 'treat_deprecation_warnings_as_errors', 'trusted_certs_dir',
  'umask', 'user', 'user_home', 'user_path', 'user_valid_regex', 'validation_client_name',
  'validation_key', 'validation_key_contents', 'verbose_logging', 'verify_api_cert', 'why_run',
  'zypper_check_gpg'
]

// Those whose default is not nil: reading one back before it is set would need chef-config's
// computed default, which pushy does not reproduce.
const WITH_DEFAULTS = [
  'acl_path', 'always_dump_stacktrace', 'authentication_protocol_version', 'cache_options', 'cache_path',
  'checksum_path', 'chef_guid_path', 'chef_repo_path', 'chef_server_root', 'chef_server_url',
  'client_d_dir', 'client_key', 'client_key_path', 'client_path', 'client_registration_retries', 'color',
  'config_d_dir', 'config_dir', 'container_path', 'cookbook_artifact_path', 'cookbook_path',
  'cookbook_sync_threads', 'count_log_resource_updates', 'data_bag_decrypt_minimum_version',
  'data_bag_encrypt_version', 'data_bag_path', 'diff_disabled', 'diff_filesize_threshold',
  'diff_output_threshold', 'disable_event_loggers', 'download_progress_interval', 'enable_reporting',
  'enable_reporting_url_fatals', 'enable_selinux_file_permission_fixup', 'enforce_default_paths',
  'enforce_path_sanity', 'environment_path', 'event_handlers', 'exception_handlers', 'ez',
  'file_atomic_update', 'file_backup_path', 'file_cache_path', 'file_staging_uses_destdir', 'fips',
  'follow_client_key_symlink', 'force_formatter', 'force_logger', 'formatter', 'formatters', 'group_path',
  'group_valid_regex', 'http_disable_auth_on_redirect', 'http_retry_count', 'http_retry_delay',
  'internal_locale', 'listen', 'local_key_generation', 'local_mode', 'lockfile', 'log_level',
  'minimal_ohai', 'no_lazy_load', 'node_path', 'ohai_segment_plugin_path', 'policy_document_native_api',
  'policy_group_path', 'policy_path', 'repo_mode', 'report_handlers', 'resource_unified_mode_default',
  'rest_timeout', 'role_path', 'ruby_encoding', 'rubygems_cache_enabled', 'script_path',
  'show_download_progress', 'silence_deprecation_warnings', 'solo', 'solo_d_dir', 'solo_legacy_mode',
  'ssh_agent_signing', 'ssl_verify_mode', 'start_handlers', 'stream_execute_output',
  'syntax_check_cache_path', 'treat_deprecation_warnings_as_errors', 'trusted_certs_dir', 'umask',
  'user_home', 'user_path', 'user_valid_regex', 'validation_client_name', 'validation_key',
  'verbose_logging', 'verify_api_cert', 'why_run', 'zypper_check_gpg'
]

// Read by knife's own commands (cookbook create, upload, environment) without a chef-config default.
const KNIFE_SETTINGS = ['cache_type', 'cookbook_copyright', 'cookbook_email', 'cookbook_license', 'editor', 'environment', 'versioned_cookbooks']

/** chef-config's config contexts, written `chef_zero.port 8889` or `knife[:editor] = "vim"`. */
const CONTEXTS: Record<string, {strictMembers?: readonly string[]; withDefaults: readonly string[]}> = {
  // chef_zero is strict in chef-config: any other member is an error there too.
  chef_zero: {strictMembers: ['enabled', 'host', 'osc_compat', 'port', 'single_org'], withDefaults: ['enabled', 'host', 'osc_compat', 'port', 'single_org']},
  target_mode: {withDefaults: ['enabled', 'protocol']},
  knife: {withDefaults: ['hints']},
  windows_service: {withDefaults: ['watchdog_timeout']},
  chefdk: {withDefaults: []},
  chefcli: {withDefaults: []},
  data_collector: {withDefaults: ['mode', 'organization', 'raise_on_failure', 'server_url', 'token']},
}

const KNOWN = new Set([...CHEF_CONFIG_SETTINGS, ...KNIFE_SETTINGS])
const DEFAULTED = new Set(WITH_DEFAULTS)

export const isKnownSetting = (name: string): boolean => KNOWN.has(name)

export const isConfigContext = (name: string): boolean => Object.hasOwn(CONTEXTS, name)

/** Whether `context.member` can be set: any member, except in a strict context. */
export function isContextMember(context: string, member: string): boolean {
  const strict = CONTEXTS[context]?.strictMembers
  return strict === undefined || strict.includes(member)
}

/**
 * Whether a setting nobody has set reads back as nil, as it does in chef-config when it has no
 * default. `name` is `setting` or `context.member`.
 */
export function readsNilWhenUnset(name: string): boolean {
  const dot = name.indexOf('.')
  if (dot === -1) return !DEFAULTED.has(name)
  return !(CONTEXTS[name.slice(0, dot)]?.withDefaults ?? []).includes(name.slice(dot + 1))
}

/** For the cross-check test: every name pushy knows. */
export const KNOWN_SETTINGS: ReadonlySet<string> = KNOWN
export const CONFIG_CONTEXTS: readonly string[] = Object.keys(CONTEXTS)
