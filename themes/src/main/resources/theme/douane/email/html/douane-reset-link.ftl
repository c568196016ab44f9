<#import "template.ftl" as layout>
<#--
  "Réinitialisation mot de passe". Attributes: link, linkExpiration (minutes), identifiant,
  sharedEmail (the address belongs to several accounts: no link, use the Identifiant option),
  resetUrl, loginUrl; user, realmName, locale from Keycloak.
-->
<@layout.emailLayout>
<@layout.greeting/>
<#if (sharedEmail!false) == true>
  <@layout.paragraph>${msg("douaneMailResetRequested")}</@layout.paragraph>
  <@layout.paragraph>${msg("douaneMailSharedEmail")}</@layout.paragraph>
  <#if resetUrl?has_content>
    <@layout.paragraph>${msg("douaneMailSharedEmailAction")}</@layout.paragraph>
    <@layout.paragraph><a href="${resetUrl}" style="color:#000091">${resetUrl}</a></@layout.paragraph>
  </#if>
  <@layout.paragraph>${msg("douaneMailNotYou")}</@layout.paragraph>
<#else>
  <@layout.paragraph>${msg("douaneMailResetRequested")}<#if identifiant?has_content><br>${msg("douaneMailYourIdentifiant")} <strong>${identifiant}</strong></#if></@layout.paragraph>
  <@layout.paragraph>${msg("douaneMailResetClick")}</@layout.paragraph>
  <@layout.button href=link label=msg("douaneMailResetButton")/>
  <@layout.address href=link/>
  <p style="font-weight:700">${msg("douaneMailLinkValidity", layout.validity(linkExpiration))}</p>
  <@layout.paragraph>${msg("douaneMailNotYou")}</@layout.paragraph>
</#if>
<@layout.closing/>
</@layout.emailLayout>
