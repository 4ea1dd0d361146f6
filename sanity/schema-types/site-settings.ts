import {CogIcon} from '@sanity/icons'
import {defineField, defineType} from 'sanity'

export const siteSettings = defineType({
  name: 'siteSettings',
  title: 'Site settings',
  type: 'document',
  icon: CogIcon,
  fields: [
    defineField({name: 'title', type: 'string', validation: (rule) => rule.required()}),
    defineField({name: 'description', type: 'text', rows: 2}),
    defineField({
      name: 'affiliateDisclosure',
      title: 'Affiliate disclosure',
      type: 'text',
      rows: 3,
      description: 'Shown above the body of every article flagged as containing affiliate links.',
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'navTopics',
      title: 'Topics in the navigation',
      type: 'array',
      of: [{type: 'reference', to: [{type: 'topic'}]}],
      validation: (rule) => rule.unique().max(8),
    }),
  ],
  preview: {prepare: () => ({title: 'Site settings'})},
})
