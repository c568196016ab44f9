<#ftl output_format="plainText">
<#-- Plain-text counterparts of html/template.ftl's helpers. -->
<#function greeting>
  <#local name = [(user.firstName)!"", (user.lastName)!""]?filter(s -> s?has_content)?join(" ")>
  <#return msg("douaneMailHello") + name?has_content?then(" " + name, "") + ",">
</#function>

<#macro header>
${properties.douaneServiceName!""} - ${properties.douaneSiteName!""}
${msg("douaneMailTagline")}
------------------------------------------------------------
</#macro>

<#macro closing>
${msg("douaneMailSignature", properties.douaneSiteName!"")}

${msg("douaneMailAutomatic")}

/!\ ${msg("douaneMailWarningTitle")}
${msg("douaneMailWarning1")}
${msg("douaneMailWarning2")}
</#macro>

<#function validity minutes>
  <#if minutes?is_number>
    <#local m = minutes>
  <#elseif minutes?is_string && minutes?matches("[0-9]+")>
    <#local m = minutes?number>
  <#elseif linkExpirationFormatter??>
    <#return linkExpirationFormatter(minutes)>
  <#else>
    <#return minutes?string>
  </#if>
  <#if m gt 0 && m % 60 == 0>
    <#return msg((m lt 120)?then("douaneMailDurationHour", "douaneMailDurationHours"), (m / 60)?c)>
  </#if>
  <#return msg((m lt 2)?then("douaneMailDurationMinute", "douaneMailDurationMinutes"), m?c)>
</#function>
